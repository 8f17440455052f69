package dev.crosstrail.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.crosstrail.io.Rejection;
import dev.crosstrail.model.RecordLocation;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * {@code --rejections FILE}: every rejected record, one JSON object per line, as the readers count them.
 * The summary on stderr names only the first {@value dev.crosstrail.io.SourceSummary#MAX_KEPT_REJECTIONS}
 * of each source; this file names all of them, for whoever must account for each lost record. Each line is
 * flushed as it is written, so that a run stopped by {@code --strict} or an error still leaves every
 * rejection counted before it. A write that fails stops the writing, not the read: the summary says so
 * and the command exits 74.
 */
final class RejectionsFile implements AutoCloseable {
  private final Path path;
  /** Writes the lines, and closes the file when it is closed (Jackson's AUTO_CLOSE_TARGET). */
  private final JsonGenerator g;
  private long written;
  private Optional<IOException> failure = Optional.empty();
  private boolean closed;

  private RejectionsFile(Path path, Writer out) {
    this.path = path;
    this.g = JsonLines.generator(out);
  }

  /** Creates (or empties) the file; the message says which and why when it cannot. */
  static RejectionsFile create(Path path) {
    try {
      return new RejectionsFile(path, Files.newBufferedWriter(path, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new IllegalArgumentException("--rejections " + path + ": cannot create the file (" + e + "); give a"
          + " path in an existing, writable directory");
    }
  }

  /** Called by the reader, one rejection at a time (AuditLogs.onRejection serializes the calls). */
  void write(Rejection r) {
    if (failure.isPresent()) {
      return;
    }
    RecordLocation at = r.location();
    try {
      g.writeStartObject();
      g.writeStringField("source", at.source());
      g.writeNumberField("record", at.index());
      if (at.line() >= 0) {
        g.writeNumberField("line", at.line());
      }
      if (at.byteOffset() >= 0) {
        g.writeNumberField("byteOffset", at.byteOffset());
      }
      if (r.recordId().isPresent()) {
        g.writeStringField("id", r.recordId().get());
      }
      g.writeStringField("reason", r.reason());
      if (r.excerpt().isPresent()) {
        g.writeStringField("excerpt", r.excerpt().get());
      }
      g.writeEndObject();
      g.writeRaw('\n');
      g.flush(); // flushes the file too
      written++;
    } catch (IOException e) {
      failure = Optional.of(e);
    }
  }

  /** Why writing stopped, in words for the summary, if it did. */
  Optional<String> failed() {
    return failure.map(e -> "could not write every rejection to " + path + " (" + e.getMessage() + "): it holds the"
        + " first " + written + "; free space there or choose another --rejections path, and run again");
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      g.close();
    } catch (IOException e) {
      if (failure.isEmpty()) {
        failure = Optional.of(e);
      }
    }
  }
}
