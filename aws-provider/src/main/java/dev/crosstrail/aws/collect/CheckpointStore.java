package dev.crosstrail.aws.collect;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Keeps one JSON checkpoint per source under {@code OUTPUT/.crosstrail/checkpoints/}, written
 * atomically. File names start with a dot, so crosstrail's readers never take them for logs.
 */
final class CheckpointStore {

  static final int VERSION = 1;

  private final Path root;
  private final Path directory;
  /**
   * The lookup attribute the event history is restricted to ({@code EventName=AssumeRole}), if any: a
   * filtered run collects only part of each window, so it keeps a checkpoint of its own; sharing one, an
   * unfiltered run would take the window as collected and skip every other event in it.
   */
  private final Optional<String> historyFilter;

  CheckpointStore(Path outputDirectory) {
    this(outputDirectory, Optional.empty());
  }

  CheckpointStore(Path outputDirectory, Optional<String> historyFilter) {
    this.root = outputDirectory;
    this.directory = outputDirectory.resolve(".crosstrail").resolve("checkpoints");
    this.historyFilter = historyFilter;
  }

  Path fileFor(CollectionSource source) {
    String name = switch (source.kind()) {
      case EVENT_HISTORY -> ".event-history_" + source.accountId() + "_" + source.region()
          + historyFilter.map(CheckpointStore::filterPart).orElse("") + ".json";
      case TRAIL_BUCKET -> ".trail-bucket_" + safe(source.location().orElse("")) + "_" + source.accountId() + "_"
          + source.region() + ".json";
    };
    return directory.resolve(name);
  }

  /**
   * A filter's part of a file name: a readable start (cut short: a ResourceName can be a long ARN, and file
   * names are limited) and a hash of the whole filter, so that filters differing only in characters the name
   * cannot hold ({@code alice@corp}, {@code alice_corp}) keep apart.
   */
  private static String filterPart(String filter) {
    String readable = safe(filter);
    try {
      byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
          .digest(filter.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      return "_" + readable.substring(0, Math.min(readable.length(), 40)) + "_"
          + java.util.HexFormat.of().formatHex(digest, 0, 8);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every Java platform", e);
    }
  }

  private static String safe(String s) {
    return s.replaceFirst("^s3://", "").replaceAll("[^A-Za-z0-9._-]", "_");
  }

  /**
   * The checkpoint of {@code source}, with a pending commit of an interrupted run resolved: its ids
   * count as seen only where its file exists.
   */
  Checkpoint load(CollectionSource source) {
    Path file = fileFor(source);
    if (!Files.exists(file)) {
      return Checkpoint.EMPTY;
    }
    try {
      JsonNode node = Json.MAPPER.readTree(file.toFile());
      if (node == null || !node.isObject() || node.path("version").asInt() != VERSION) {
        throw new IllegalArgumentException("not a version " + VERSION + " checkpoint");
      }
      if (!source.toString().equals(node.path("source").asText())) {
        throw new IllegalArgumentException("it belongs to '" + node.path("source").asText() + "'");
      }
      Optional<Instant> until = node.hasNonNull("collectedUntil")
          ? Optional.of(Instant.parse(node.get("collectedUntil").asText()))
          : Optional.empty();
      Map<String, Instant> seen = new HashMap<>(ids(node.path("seen")));
      for (JsonNode pending : node.path("pending")) {
        Path committed = AtomicFiles.under(root, pending.path("file").asText());
        if (Files.exists(committed)) {
          seen.putAll(ids(pending.path("ids")));
        }
      }
      Optional<Instant> firstStart = node.hasNonNull("firstStart")
          ? Optional.of(Instant.parse(node.get("firstStart").asText()))
          : Optional.empty();
      return new Checkpoint(until, seen, List.of(), firstStart);
    } catch (IOException | IllegalArgumentException | DateTimeParseException e) {
      throw new CollectionException(source, "unreadable checkpoint " + file + " (" + e.getMessage()
          + "). Delete it to collect this source from the configured start again.", e);
    }
  }

  private static Map<String, Instant> ids(JsonNode object) {
    Map<String, Instant> ids = new HashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      ids.put(e.getKey(), Instant.parse(e.getValue().asText()));
    }
    return ids;
  }

  /**
   * While no window of {@code source} has been collected completely, the start of this run's window,
   * recorded before anything is fetched: a first run that fails, even on its first request, is then
   * resumed there instead of at the next run's own default start, which would skip what this one left.
   * Empty once a window is complete ({@code collectedUntil} then says where to resume).
   */
  Optional<Instant> firstStart(CollectionSource source, Checkpoint checkpoint, Instant start) {
    if (checkpoint.collectedUntil().isPresent()) {
      return Optional.empty();
    }
    Optional<Instant> first = Optional.of(start);
    if (!checkpoint.firstStart().equals(first)) {
      save(source, new Checkpoint(Optional.empty(), checkpoint.seen(), List.of(), first));
    }
    return first;
  }

  void save(CollectionSource source, Checkpoint checkpoint) {
    Path file = fileFor(source);
    try {
      Path temporary = AtomicFiles.temporaryFor(file);
      try (OutputStream out = Files.newOutputStream(temporary);
          JsonGenerator json = Json.FACTORY.createGenerator(out)) {
        json.useDefaultPrettyPrinter();
        json.writeStartObject();
        json.writeNumberField("version", VERSION);
        json.writeStringField("source", source.toString());
        if (checkpoint.collectedUntil().isPresent()) {
          json.writeStringField("collectedUntil", checkpoint.collectedUntil().get().toString());
        } else if (checkpoint.firstStart().isPresent()) {
          json.writeStringField("firstStart", checkpoint.firstStart().get().toString());
        }
        json.writeFieldName("seen");
        writeIds(json, checkpoint.seen());
        json.writeArrayFieldStart("pending");
        for (Checkpoint.Pending pending : checkpoint.pending()) {
          json.writeStartObject();
          json.writeStringField("file", pending.file());
          json.writeFieldName("ids");
          writeIds(json, pending.ids());
          json.writeEndObject();
        }
        json.writeEndArray();
        json.writeEndObject();
      }
      AtomicFiles.commit(temporary, file);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write checkpoint " + file + ": " + e.getMessage(), e);
    }
  }

  private static void writeIds(JsonGenerator json, Map<String, Instant> ids) throws IOException {
    List<Map.Entry<String, Instant>> sorted = new ArrayList<>(ids.entrySet());
    sorted.sort(Map.Entry.comparingByKey());
    json.writeStartObject();
    for (Map.Entry<String, Instant> e : sorted) {
      json.writeStringField(e.getKey(), e.getValue().toString());
    }
    json.writeEndObject();
  }
}
