package dev.crosstrail.gcp;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import dev.crosstrail.io.CountingInputStream;
import dev.crosstrail.io.ReadOptions;
import dev.crosstrail.io.Rejection;
import dev.crosstrail.io.SourceSummary;
import dev.crosstrail.io.Tally;
import dev.crosstrail.model.AuditEvent;
import dev.crosstrail.model.RecordLocation;
import dev.crosstrail.spi.Head;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Streams one source: steps with a {@link JsonParser} to each record and binds that record alone,
 * so memory stays flat however large the source is. Every record read is either passed to the sink
 * or rejected through the {@link Tally}.
 */
final class EntryReader {

  /** Bytes shown to {@link Shape#detect}; the same as {@code AuditLogs} shows the formats. */
  static final int HEAD_BYTES = 64 * 1024;
  /** Large enough that most entries lie whole in one read and are parsed where they are. */
  private static final int READ_BUFFER = 64 * 1024;

  private final String source;
  private final GcpJson json;
  private final Tally tally;
  private final Consumer<AuditEvent> sink;
  private final long maxLineBytes;

  /** Turns one bound entry into an event: {@link EntryNormalizer#normalize} outside tests. */
  @FunctionalInterface
  interface Normalize {
    AuditEvent normalize(JsonNode entry, RecordLocation where) throws RecordProblem;
  }

  private final Normalize normalizer;
  /** Binds entries to the members the normalizer reads; null binds every member (to compare in tests). */
  private final EntryProjection projection;

  EntryReader(String source, ReadOptions options, Consumer<AuditEvent> sink) {
    this(source, options, sink, EntryNormalizer::normalize);
  }

  EntryReader(String source, ReadOptions options, Consumer<AuditEvent> sink, Normalize normalizer) {
    this(source, options, sink, normalizer, true);
  }

  EntryReader(String source, ReadOptions options, Consumer<AuditEvent> sink, Normalize normalizer, boolean project) {
    this(new Tally(source, options), sink, normalizer, project);
  }

  /** Counts into {@code tally}, which names the source and holds the read options. */
  EntryReader(Tally tally, Consumer<AuditEvent> sink, Normalize normalizer, boolean project) {
    ReadOptions options = tally.options();
    this.normalizer = normalizer;
    this.source = tally.source();
    this.json = GcpJson.of(options);
    this.projection = project ? new EntryProjection(json.mapper()) : null;
    this.tally = tally;
    this.sink = sink;
    // A line holds one entry: its strings, keys and punctuation. Escapes can make bytes outnumber
    // characters, hence the margin; anything longer is rejected without being buffered.
    this.maxLineBytes = Math.min(Integer.MAX_VALUE - 16L, 6L * options.maxStringLength() + (1 << 20));
  }

  SourceSummary read(InputStream raw) {
    CountingInputStream counted = new CountingInputStream(raw);
    BufferedInputStream in = new BufferedInputStream(counted, HEAD_BYTES + 1);
    Shape shape;
    try {
      in.mark(HEAD_BYTES + 1);
      // a truncated gzip may break inside the head: the complete entries before the break are still read
      Head read = Head.read(in, HEAD_BYTES);
      byte[] head = read.bytes();
      int length = read.length();
      IOException broken = read.broken().orElse(null);
      in.reset();
      Optional<Shape> detected = Shape.detect(json.factory(), head, length);
      if (detected.isEmpty() && broken != null) {
        detected = Shape.detect(json.factory(), head, read.completeLines());
      }
      if (detected.isEmpty()) {
        tally.format(SourceSummary.UNRECOGNIZED);
        if (broken != null) {
          truncated(new RecordLocation(source, 0, 1, 0), counted.count(), broken);
          return tally.summary();
        }
        reject(new RecordLocation(source, 0, 1, 0), length == 0 ? "empty source: no Cloud Audit Log entries"
            : "not a Cloud Audit Log format (expected a LogEntry array, one LogEntry per line, a LogEntry or a "
                + "Pub/Sub message)", excerpt(head, 0, length), null);
        return tally.summary();
      }
      shape = detected.get();
    } catch (IOException e) {
      tally.format(SourceSummary.UNRECOGNIZED);
      truncated(new RecordLocation(source, 0, 1, 0), counted.count(), e);
      return tally.summary();
    }
    tally.format(shape.format());
    if (shape.layout() == Shape.Layout.LINES) {
      readLines(in, counted);
    } else {
      readDocuments(in, counted, shape.layout() == Shape.Layout.ARRAY);
    }
    return tally.summary();
  }

  /**
   * One record per line: a bad line is rejected and reading resumes at the next line. A line that
   * lies whole in the read buffer is parsed where it is; only a line that spans two reads is copied.
   */
  private void readLines(InputStream in, CountingInputStream counted) {
    LineBuffer line = new LineBuffer();
    long lineNumber = 1;
    long offset = 0;
    long lineStart = 0;
    boolean tooLong = false;
    byte[] buf = new byte[READ_BUFFER];
    try {
      int n;
      while ((n = in.read(buf)) > 0) {
        int from = 0;
        int newline;
        while ((newline = Newlines.indexOf(buf, from, n)) >= 0) {
          int length = newline - from;
          tooLong = tooLong || line.size() + (long) length > maxLineBytes;
          if (tooLong) {
            rejectTooLong(lineNumber, lineStart);
          } else if (line.size() == 0) {
            finishLine(buf, from, length, lineNumber, lineStart);
          } else {
            line.write(buf, from, length);
            finishLine(line.bytes(), 0, line.size(), lineNumber, lineStart);
          }
          line.reset();
          tooLong = false;
          lineNumber++;
          lineStart = offset + newline + 1;
          from = newline + 1;
        }
        if (!tooLong) {
          if (line.size() + (long) (n - from) > maxLineBytes) {
            tooLong = true;
            line.reset();
          } else {
            line.write(buf, from, n - from);
          }
        }
        offset += n;
      }
    } catch (IOException e) {
      truncated(new RecordLocation(source, tally.read(), lineNumber, lineStart), counted.count(), e);
      return;
    }
    if (tooLong) {
      rejectTooLong(lineNumber, lineStart);
    } else {
      finishLine(line.bytes(), 0, line.size(), lineNumber, lineStart);
    }
  }

  private void rejectTooLong(long lineNumber, long lineStart) {
    reject(new RecordLocation(source, tally.read(), lineNumber, lineStart), "line " + lineNumber + " is longer than "
        + maxLineBytes + " bytes, more than one entry within the string limit can be; raise "
        + "ReadOptions.maxStringLength (the CLI's --max-string-length) if it is genuine", Optional.empty(), null);
  }

  private void finishLine(byte[] bytes, int from, int length, long lineNumber, long lineStart) {
    RecordLocation where = new RecordLocation(source, tally.read(), lineNumber, lineStart);
    if (length > 0 && bytes[from + length - 1] == '\r') {
      length--;
    }
    if (isBlank(bytes, from, length)) {
      return;
    }
    JsonNode node;
    try (JsonParser p = json.factory().createParser(bytes, from, length)) {
      node = p.nextToken() == JsonToken.START_OBJECT ? bind(p) : json.mapper().readTree(p);
      JsonToken extra = p.nextToken();
      if (extra != null) {
        reject(where, "line " + lineNumber + " holds more than one JSON value (a second one starts at column "
            + p.currentTokenLocation().getColumnNr() + "); counted as this one rejected line: split them one"
            + " per line, e.g. jq -c . FILE", excerpt(bytes, from, from + length), null);
        return;
      }
    } catch (JsonProcessingException e) {
      // a broken input limit is no malformed JSON, and the parser gives it no column
      String what = e instanceof com.fasterxml.jackson.core.exc.StreamConstraintsException
          ? "line " + lineNumber : "malformed JSON on line " + lineNumber + " at column " + column(e);
      reject(where, what + ": " + GcpJson.explain(e) + "; the line is skipped and reading resumes at the next line",
          excerpt(bytes, from, from + length), e);
      return;
    } catch (IOException e) {
      reject(where, "cannot read line " + lineNumber + ": " + e, Optional.empty(), e);
      return;
    }
    process(node, where);
  }

  /**
   * Whole JSON documents, or the elements of one array. A syntax error leaves the parser without a
   * safe place to resume, so the rest of the source becomes one rejection and reading stops.
   */
  private void readDocuments(InputStream in, CountingInputStream counted, boolean array) {
    RecordLocation where = new RecordLocation(source, tally.read(), 1, 0);
    try (JsonParser p = json.factory().createParser(in)) {
      JsonToken t = p.nextToken();
      if (array) {
        if (t != JsonToken.START_ARRAY) {
          reject(where, "expected a JSON array of LogEntry objects, found " + t, Optional.empty(), null);
          return;
        }
        t = p.nextToken();
      }
      while (t != null && !(array && t == JsonToken.END_ARRAY)) {
        JsonLocation start = p.currentTokenLocation();
        where = new RecordLocation(source, tally.read(), start.getLineNr(), start.getByteOffset());
        if (t == JsonToken.START_OBJECT) {
          JsonNode node = bind(p);
          process(node, where);
        } else {
          p.skipChildren();
          reject(where, "record is not a JSON object (found " + describe(t) + ")", Optional.empty(), null);
        }
        JsonLocation after = p.currentLocation();
        where = new RecordLocation(source, tally.read(), after.getLineNr(), after.getByteOffset());
        t = p.nextToken();
      }
      if (array && t == JsonToken.END_ARRAY) {
        JsonToken after = p.nextToken();
        if (after != null) {
          JsonLocation at = p.currentTokenLocation();
          reject(new RecordLocation(source, tally.read(), at.getLineNr(), at.getByteOffset()),
              "content after the end of the LogEntry array (" + describe(after) + ") is not read", Optional.empty(),
              null);
        }
      }
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      String position = at == null ? "" : " at line " + at.getLineNr() + " byte " + at.getByteOffset();
      reject(where, "malformed JSON" + position + ": " + GcpJson.explain(e) + "; the rest of the source from byte "
          + where.byteOffset() + " cannot be read as JSON and is skipped", Optional.empty(), e);
    } catch (IOException e) {
      truncated(where, counted.count(), e);
    }
  }

  /** The record object the parser is on, bound to what the normalizer reads of it. */
  private JsonNode bind(JsonParser p) throws IOException {
    return projection == null ? json.mapper().readTree(p) : projection.entry(p);
  }

  /** Unwraps a Pub/Sub message when the record is one, then normalizes the entry. */
  private void process(JsonNode record, RecordLocation where) {
    AuditEvent event;
    try {
      event = normalizer.normalize(unwrapPubSub(record), where);
    } catch (RecordProblem problem) {
      tally.reject(new Rejection(where, problem.getMessage(), Optional.empty(), idOf(record)), null);
      return;
    } catch (RuntimeException e) {
      // a value no check foresaw: this entry is rejected, the read goes on (read = normalized + rejected)
      tally.reject(new Rejection(where, RecordProblem.unexpected(e).getMessage(), Optional.empty(), idOf(record)), e);
      return;
    }
    tally.normalized();
    sink.accept(event);
  }

  /**
   * The LogEntry inside a Pub/Sub push envelope {@code {"message": {"data": …}, "subscription": …}} or a
   * bare message {@code {"data": …, "attributes": …}}; the record itself when it is neither.
   */
  private JsonNode unwrapPubSub(JsonNode record) throws RecordProblem {
    if (!record.isObject() || record.has("insertId") || record.has("logName") || record.has("protoPayload")) {
      return record;
    }
    JsonNode message = record.get("message");
    JsonNode holder = message != null && message.isObject() && message.has("data") ? message
        : record.has("data") ? record : null;
    if (holder == null) {
      return record;
    }
    JsonNode data = holder.get("data");
    String path = holder == record ? "data" : "message.data";
    if (!data.isTextual()) {
      throw Fields.wrongType(path, "a base64 string", data);
    }
    byte[] decoded;
    try {
      decoded = Base64.getDecoder().decode(data.textValue().trim());
    } catch (IllegalArgumentException e) {
      try {
        decoded = Base64.getUrlDecoder().decode(data.textValue().trim());
      } catch (IllegalArgumentException e2) {
        throw new RecordProblem("Pub/Sub " + path + " is not base64: " + e.getMessage());
      }
    }
    JsonNode entry;
    try (JsonParser p = json.factory().createParser(decoded)) {
      entry = json.mapper().readTree(p);
    } catch (IOException e) {
      throw new RecordProblem("Pub/Sub message data is not a LogEntry (" + decoded.length
          + " bytes that are not JSON)");
    }
    if (entry == null || !entry.isObject()
        || (Fields.member(entry, "insertId").isEmpty() && Fields.member(entry, "logName").isEmpty()
            && Fields.member(entry, "protoPayload").isEmpty())) {
      throw new RecordProblem("Pub/Sub message data is not a LogEntry (JSON "
          + (entry == null ? "without content" : entry.getNodeType().name().toLowerCase(java.util.Locale.ROOT)
              + " without insertId, logName or protoPayload") + ")");
    }
    return entry;
  }

  private void truncated(RecordLocation where, long bytes, IOException e) {
    reject(where, "the source ends early or is corrupt after " + bytes + " bytes (decompressed) ("
        + e.getClass().getSimpleName() + ": " + e.getMessage() + "); entries from byte " + Math.max(where.byteOffset(), 0)
        + " on are lost: fetch the file again", Optional.empty(), e);
  }

  /** The insertId a rejected entry carries, if any. */
  private static Optional<String> idOf(JsonNode record) {
    return Fields.member(record, "insertId").filter(JsonNode::isTextual).map(JsonNode::textValue);
  }

  private void reject(RecordLocation where, String reason, Optional<String> excerpt, Throwable cause) {
    tally.reject(new Rejection(where, reason, excerpt), cause);
  }

  private static long column(JsonProcessingException e) {
    return e.getLocation() == null ? -1 : e.getLocation().getColumnNr();
  }

  private static String describe(JsonToken t) {
    return switch (t) {
      case START_ARRAY -> "an array";
      case VALUE_STRING -> "a string";
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
      case VALUE_TRUE, VALUE_FALSE -> "a boolean";
      case VALUE_NULL -> "null";
      default -> t.toString();
    };
  }

  private static Optional<String> excerpt(byte[] b, int from, int to) {
    int n = Math.min(to - from, Rejection.MAX_EXCERPT * 4);
    return n <= 0 ? Optional.empty() : Optional.of(new String(b, from, n, StandardCharsets.UTF_8));
  }

  private static boolean isBlank(byte[] b, int from, int length) {
    for (int i = from; i < from + length; i++) {
      if (b[i] != ' ' && b[i] != '\t' && b[i] != '\r') {
        return false;
      }
    }
    return true;
  }

  /**
   * The bytes of the line being read: {@link ByteArrayOutputStream}'s growth without its copy per
   * line ({@code toByteArray}); the parser reads the line where it lies.
   */
  private static final class LineBuffer {
    private byte[] bytes = new byte[8192];
    private int size;

    void write(byte[] b, int off, int len) {
      if (size + len > bytes.length) {
        bytes = java.util.Arrays.copyOf(bytes, Math.max(bytes.length << 1, size + len));
      }
      System.arraycopy(b, off, bytes, size, len);
      size += len;
    }

    void reset() {
      size = 0;
    }

    int size() {
      return size;
    }

    byte[] bytes() {
      return bytes;
    }
  }
}
