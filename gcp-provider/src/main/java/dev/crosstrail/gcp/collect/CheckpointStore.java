package dev.crosstrail.gcp.collect;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.crosstrail.io.CrossTrailException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Keeps checkpoints as JSON files in the output directory, one per source:
 * {@code .crosstrail-checkpoint-<hash>.json}, where the hash is over the resource name and the filter
 * without its window. The leading dot keeps the files out of the audit log readers' way.
 */
final class CheckpointStore {

  static final int FORMAT_VERSION = 1;

  private static final ObjectMapper JSON = JsonMapper.builder(JsonFactory.builder()
          .streamReadConstraints(StreamReadConstraints.builder()
              .maxNestingDepth(16).maxStringLength(1 << 20).maxDocumentLength(256L << 20).build())
          .build())
      .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .build();

  private final Path root;

  CheckpointStore(Path root) {
    this.root = root;
  }

  /** The checkpoint file of one source. */
  Path file(String resourceName, String selection) {
    return root.resolve(".crosstrail-checkpoint-" + hash(resourceName + "\n" + selection) + ".json");
  }

  /**
   * Loads a source's checkpoint and completes the shard moves it left pending.
   *
   * @throws CrossTrailException when the file exists but is not a checkpoint of this source
   */
  Optional<Checkpoint> load(String resourceName, String selection) {
    Path file = file(resourceName, selection);
    Stored stored;
    try {
      stored = JSON.readValue(file.toFile(), Stored.class);
    } catch (NoSuchFileException | java.io.FileNotFoundException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new CrossTrailException("Checkpoint " + file + " is not readable (" + e.getMessage() + "). Delete it "
          + "to collect the whole window again.", e);
    }
    Checkpoint checkpoint;
    try {
      if (stored.version() != FORMAT_VERSION) {
        throw new IllegalArgumentException("version " + stored.version() + ", expected " + FORMAT_VERSION);
      }
      checkpoint = new Checkpoint(stored.resourceName(), stored.selection(), Instant.parse(stored.through()),
          stored.recent().stream().map(s -> new Checkpoint.Seen(s.insertId(), Instant.parse(s.timestamp()))).toList(),
          stored.pending().stream().map(p -> new Checkpoint.PendingMove(p.temp(), p.target())).toList());
    } catch (RuntimeException e) {
      throw new CrossTrailException("Checkpoint " + file + " is damaged (" + e.getMessage() + "). Delete it to "
          + "collect the whole window again.", e);
    }
    if (!checkpoint.resourceName().equals(resourceName) || !checkpoint.selection().equals(selection)) {
      throw new CrossTrailException("Checkpoint " + file + " belongs to " + checkpoint.resourceName() + " with filter "
          + checkpoint.selection() + ", not to " + resourceName + " with filter " + selection
          + " (hash collision or a copied file). Delete it.");
    }
    for (Checkpoint.PendingMove move : checkpoint.pending()) {
      Path temp = inside(move.temp(), file);
      Path target = inside(move.target(), file);
      if (Files.exists(temp)) {
        try {
          SinkWriter.moveAtomically(temp, target);
        } catch (IOException e) {
          throw new CrossTrailException("Cannot finish writing " + target + " from " + temp + ": " + e.getMessage(), e);
        }
      }
    }
    return Optional.of(checkpoint);
  }

  /** Writes a checkpoint atomically (temporary file, then move). */
  void save(Checkpoint checkpoint) throws IOException {
    Path file = file(checkpoint.resourceName(), checkpoint.selection());
    Stored stored = new Stored(FORMAT_VERSION, checkpoint.resourceName(), checkpoint.selection(),
        checkpoint.through().toString(),
        checkpoint.recent().stream().map(s -> new StoredSeen(s.insertId(), s.timestamp().toString())).toList(),
        checkpoint.pending().stream().map(p -> new StoredMove(p.temp(), p.target())).toList());
    Path temp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.write(temp, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(stored)
        .getBytes(StandardCharsets.UTF_8));
    try {
      Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  private Path inside(String relative, Path checkpointFile) {
    Path p = root.resolve(relative).normalize();
    if (!p.startsWith(root.normalize())) {
      throw new CrossTrailException("Checkpoint " + checkpointFile + " names a file outside the output directory: "
          + relative + ". Delete the checkpoint.");
    }
    return p;
  }

  static String hash(String text) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every Java platform", e);
    }
  }

  /** The JSON form. */
  record Stored(int version, String resourceName, String selection, String through, List<StoredSeen> recent,
      List<StoredMove> pending) {
    Stored {
      recent = recent == null ? List.of() : List.copyOf(recent);
      pending = pending == null ? List.of() : List.copyOf(pending);
    }
  }

  /** The JSON form of {@link Checkpoint.Seen}. */
  record StoredSeen(String insertId, String timestamp) {}

  /** The JSON form of {@link Checkpoint.PendingMove}. */
  record StoredMove(String temp, String target) {}
}
