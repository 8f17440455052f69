package dev.crosstrail.gcp.collect;

import com.google.api.gax.rpc.ApiException;
import com.google.cloud.logging.v2.LoggingClient;
import com.google.logging.v2.ListLogEntriesRequest;
import com.google.logging.v2.ListLogEntriesResponse;
import com.google.logging.v2.LogEntry;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Timestamp;
import dev.crosstrail.gcp.CloudAuditLogs;
import dev.crosstrail.io.CrossTrailException;
import dev.crosstrail.io.MalformedRecordException;
import dev.crosstrail.io.Rejection;
import dev.crosstrail.io.Tally;
import dev.crosstrail.model.AuditEvent;
import dev.crosstrail.model.RecordLocation;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Collects one resource name: pages of {@code ListLogEntries} in timestamp order, each page written as
 * new shards and then recorded in the checkpoint, so that a run that fails part-way keeps every page it
 * finished and the next run goes on from there.
 *
 * <p>Per page: shards are written under temporary names; the checkpoint is saved naming them as pending
 * moves; the shards are moved into place; the written entries are normalized. A crash at any point
 * leaves either the old checkpoint (the page is fetched again, its temporary files overwritten) or the
 * new one (its pending moves are completed on the next load): no entry is lost or written twice.
 */
final class SourceCollector {

  private final CollectorSettings settings;
  private final LoggingClient client;
  private final CheckpointStore checkpoints;
  private final SinkWriter writer;
  private final CollectionListener listener;
  private final Consumer<AuditEvent> sink;

  SourceCollector(CollectorSettings settings, LoggingClient client, CheckpointStore checkpoints, SinkWriter writer,
      CollectionListener listener, Consumer<AuditEvent> sink) {
    this.settings = settings;
    this.client = client;
    this.checkpoints = checkpoints;
    this.writer = writer;
    this.listener = listener;
    this.sink = sink;
  }

  SourceResult collect(String resourceName, Instant windowEnd, Instant now) {
    String selection = settings.selection();
    Optional<Checkpoint> previous = settings.checkpoints()
        ? checkpoints.load(resourceName, selection) : Optional.empty();
    Instant from = settings.start();
    Instant through = Instant.MIN;
    Map<String, Instant> recent = new LinkedHashMap<>();
    if (previous.isPresent()) {
      Checkpoint cp = previous.get();
      through = cp.through();
      Instant resume = cp.through().minus(settings.overlap());
      if (resume.isAfter(from)) {
        from = resume;
      }
      cp.recent().forEach(s -> recent.put(key(s.insertId(), s.timestamp()), s.timestamp()));
    }
    String source = "entries.list " + resourceName;
    Tally tally = new Tally(source, settings.readOptions());
    tally.format("cloud-logging-entries-list");
    if (!from.isBefore(windowEnd)) {
      String filter = settings.filter(from, from);
      listener.warning(resourceName, "nothing to collect: the checkpoint is at " + through
          + ", at or after the window end " + windowEnd);
      return new SourceResult(resourceName, filter, from, windowEnd, 0, 0, 0, 0, List.of(), tally.summary());
    }
    String filter = settings.filter(from, windowEnd);
    listener.sourceStarted(resourceName, filter);
    ListLogEntriesRequest request = ListLogEntriesRequest.newBuilder()
        .addResourceNames(resourceName)
        .setFilter(filter)
        .setOrderBy("timestamp asc")
        .setPageSize(settings.pageSize())
        .build();

    int pages = 0;
    long fetched = 0;
    long duplicates = 0;
    long written = 0;
    long index = 0;
    List<Path> files = new ArrayList<>();
    try {
      // Pages are requested one by one through the unary callable: gax traces (and so reports) the retries
      // of unary calls, not of its paged callables.
      ListLogEntriesResponse page = fetch(request, resourceName, through);
      while (true) {
        pages++;
        List<LogEntry> entries = page.getEntriesList();
        fetched += entries.size();
        listener.pageFetched(resourceName, pages, entries.size());

        Map<Path, Bucket> buckets = new LinkedHashMap<>();
        for (LogEntry entry : entries) {
          Instant ts = instant(entry.hasTimestamp() ? entry.getTimestamp() : entry.getReceiveTimestamp());
          String id = entry.getInsertId();
          String key = key(id, ts);
          if (recent.containsKey(key)) {
            duplicates++;
            continue;
          }
          recent.put(key, ts);
          if (ts.isAfter(through)) {
            through = ts;
          }
          long at = index++;
          String json;
          try {
            EntryJson.Converted converted = EntryJson.print(entry);
            json = converted.json();
            if (!converted.dropped().isEmpty()) {
              listener.warning(resourceName, "entry insertId " + id + " at " + ts + ": left out "
                  + String.join(", ", converted.dropped()) + ", whose type is unknown to this collector");
            }
          } catch (InvalidProtocolBufferException e) {
            String type = entry.hasProtoPayload() ? entry.getProtoPayload().getTypeUrl() : "(none)";
            String reason = "entry insertId " + id + " of " + entry.getLogName() + " at " + ts + " cannot be "
                + "converted to JSON: its protoPayload of type " + type + " does not decode (" + e.getMessage()
                + "); the entry was not written";
            listener.warning(resourceName, reason);
            tally.reject(new Rejection(new RecordLocation(source + " page " + pages, at, -1, -1), reason,
                Optional.empty()), e);
            continue;
          }
          Path dir = writer.hourDirectory(entry.getLogName(), ts);
          Path bucketKey = dir.resolve(SinkWriter.shardPrefix(ts));
          buckets.computeIfAbsent(bucketKey, k -> new Bucket(dir, ts)).lines.add(json);
        }
        Instant pageThrough = through;
        prune(recent, lessOverlap(pageThrough));
        List<Path> pageFiles = commit(resourceName, selection, buckets, pageThrough, recent, tally);
        files.addAll(pageFiles);
        written += buckets.values().stream().mapToLong(b -> b.lines.size()).sum();
        if (page.getNextPageToken().isEmpty()) {
          break;
        }
        page = fetch(request.toBuilder().setPageToken(page.getNextPageToken()).build(), resourceName, through);
      }
      // The whole window was read: the next run starts at its end (less the overlap), but never later
      // than now, since entries with future timestamps may still arrive.
      Instant end = windowEnd.isAfter(now) ? now : windowEnd;
      if (end.isAfter(through)) {
        through = end;
      }
      prune(recent, lessOverlap(through));
      saveCheckpoint(resourceName, selection, through, recent, List.of());
    } catch (IOException e) {
      throw new CrossTrailException("Cannot write to " + settings.outputDirectory() + " while collecting "
          + resourceName + ": " + e.getMessage(), e);
    } catch (FetchFailed e) {
      // what came before the failure is written and checkpointed: count it, as a successful run would
      throw new CollectionFailedException(e.getMessage(), new SourceResult(resourceName, filter, from, windowEnd,
          pages, fetched, duplicates, written, files, tally.summary()), e.getCause());
    }
    return new SourceResult(resourceName, filter, from, windowEnd, pages, fetched, duplicates, written, files,
        tally.summary());
  }

  /** Cloud Logging failed a page after the retries; {@link #collect} adds what was written before it. */
  private static final class FetchFailed extends RuntimeException {
    private static final long serialVersionUID = 1L;

    FetchFailed(String message, Throwable cause) {
      super(message, cause);
    }
  }

  private ListLogEntriesResponse fetch(ListLogEntriesRequest request, String resourceName, Instant through) {
    try {
      return client.listLogEntriesCallable().call(request);
    } catch (ApiException e) {
      String saved = through.equals(Instant.MIN) ? "Nothing was collected yet"
          : "Entries up to " + through + " are saved";
      throw new FetchFailed("Collecting " + resourceName + " from Cloud Logging failed: "
          + LoggingClients.describe(e) + ". " + saved + (settings.checkpoints()
              ? "; run again to resume from the checkpoint." : "."), e);
    }
  }

  private List<Path> commit(String resourceName, String selection, Map<Path, Bucket> buckets, Instant through,
      Map<String, Instant> recent, Tally tally) throws IOException {
    List<SinkWriter.Prepared> prepared = new ArrayList<>();
    for (Bucket bucket : buckets.values()) {
      prepared.add(writer.prepare(bucket.dir, bucket.hour, bucket.lines));
    }
    if (settings.checkpoints()) {
      saveCheckpoint(resourceName, selection, through, recent, prepared.stream()
          .map(p -> new Checkpoint.PendingMove(writer.relative(p.temp()), writer.relative(p.target()))).toList());
    }
    List<Path> files = new ArrayList<>();
    int i = 0;
    for (Bucket bucket : buckets.values()) {
      SinkWriter.Prepared p = prepared.get(i++);
      SinkWriter.moveAtomically(p.temp(), p.target());
      files.add(p.target());
      listener.entriesWritten(resourceName, p.target(), p.lines());
      for (int line = 0; line < bucket.lines.size(); line++) {
        RecordLocation location = new RecordLocation(p.target().toString(), line, line + 1L,
            p.lineOffsets().get(line));
        normalize(bucket.lines.get(line), location, tally);
      }
    }
    return files;
  }

  /** The same normalizer as the file readers; a rejection keeps the entry's file, line and byte offset. */
  private void normalize(String json, RecordLocation location, Tally tally) {
    AuditEvent event;
    try {
      event = CloudAuditLogs.normalize(json, location, settings.readOptions());
    } catch (MalformedRecordException e) {
      tally.reject(e.rejection(), e);
      return;
    }
    tally.normalized();
    sink.accept(event);
  }

  private void saveCheckpoint(String resourceName, String selection, Instant through, Map<String, Instant> recent,
      List<Checkpoint.PendingMove> pending) throws IOException {
    if (!settings.checkpoints() || through.equals(Instant.MIN)) {
      return;
    }
    List<Checkpoint.Seen> seen = new ArrayList<>();
    recent.forEach((key, ts) -> seen.add(new Checkpoint.Seen(key.substring(key.indexOf(' ') + 1), ts)));
    checkpoints.save(new Checkpoint(resourceName, selection, through, seen, pending));
  }

  private static void prune(Map<String, Instant> recent, Instant keepFrom) {
    recent.values().removeIf(ts -> ts.isBefore(keepFrom));
  }

  private Instant lessOverlap(Instant through) {
    return through.equals(Instant.MIN) ? Instant.MIN : through.minus(settings.overlap());
  }

  /** Duplicates share insertId and timestamp; the key starts with the timestamp so the id can hold spaces. */
  private static String key(String insertId, Instant timestamp) {
    return timestamp + " " + insertId;
  }

  private static Instant instant(Timestamp t) {
    return Instant.ofEpochSecond(t.getSeconds(), t.getNanos());
  }

  /** The lines of one shard-to-be. */
  private static final class Bucket {
    final Path dir;
    final Instant hour;
    final List<String> lines = new ArrayList<>();

    Bucket(Path dir, Instant hour) {
      this.dir = dir;
      this.hour = hour;
    }
  }
}
