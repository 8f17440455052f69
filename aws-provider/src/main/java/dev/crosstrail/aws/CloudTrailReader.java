package dev.crosstrail.aws;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.crosstrail.io.CountingInputStream;
import dev.crosstrail.io.Rejection;
import dev.crosstrail.io.Tally;
import dev.crosstrail.model.AuditEvent;
import dev.crosstrail.model.RecordLocation;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Streams one source: steps with a {@link JsonParser} to each record and binds that record alone, so
 * memory stays flat however large the file. Every record read is counted in the {@link Tally}, as an
 * event or a rejection.
 *
 * <p>Array and object files ({@code {"Records":[…]}}, lookup-events output, arrays) cannot be
 * resynchronised after broken JSON: what is left of the file is rejected as one record with the byte
 * offset where reading stopped. Line-delimited files resume at the next line.
 */
final class CloudTrailReader {

  private final ObjectMapper mapper;
  private final Tally tally;
  private final Consumer<AuditEvent> sink;
  private final int maxLineBytes;
  /** Where the record being bound starts, while it is bound (for the rejection if binding fails). */
  private JsonLocation pending;

  /** Turns one bound record into an event: {@link Normalizer#element} outside tests. */
  @FunctionalInterface
  interface ElementNormalizer {
    AuditEvent element(JsonNode node, RecordLocation where, ObjectMapper mapper) throws BadRecord;
  }

  private final ElementNormalizer normalizer;
  /** Binds records to the members the normalizer reads; null binds every member (to compare in tests). */
  private final RecordProjection projection;

  CloudTrailReader(ObjectMapper mapper, Tally tally, Consumer<AuditEvent> sink, int maxStringLength) {
    this(mapper, tally, sink, maxStringLength, Normalizer::element);
  }

  CloudTrailReader(ObjectMapper mapper, Tally tally, Consumer<AuditEvent> sink, int maxStringLength,
      ElementNormalizer normalizer) {
    this(mapper, tally, sink, maxStringLength, normalizer, true);
  }

  CloudTrailReader(ObjectMapper mapper, Tally tally, Consumer<AuditEvent> sink, int maxStringLength,
      ElementNormalizer normalizer, boolean project) {
    this.normalizer = normalizer;
    this.projection = project ? new RecordProjection(mapper) : null;
    this.mapper = mapper;
    this.tally = tally;
    this.sink = sink;
    // a record's longest string, fully \\u-escaped, plus the rest of the record
    this.maxLineBytes = (int) Math.min(Integer.MAX_VALUE - 64, 6L * maxStringLength + (1 << 20));
  }

  private RecordLocation at(long line, long byteOffset) {
    return new RecordLocation(tally.source(), tally.read(), line, byteOffset);
  }

  private void accept(JsonNode node, RecordLocation where) {
    AuditEvent event;
    try {
      event = normalizer.element(node, where, mapper);
    } catch (BadRecord e) {
      tally.reject(new Rejection(where, e.getMessage(), Optional.empty(), idOf(node)), e.getCause());
      return;
    } catch (RuntimeException e) {
      // a value no check foresaw: this record is rejected, the read goes on (read = normalized + rejected)
      BadRecord bad = BadRecord.unexpected(e);
      tally.reject(new Rejection(where, bad.getMessage(), Optional.empty(), idOf(node)), e);
      return;
    }
    tally.normalized();
    sink.accept(event);
  }

  /** The id a rejected record, lookup-events item or EventBridge event carries, if any. */
  private static Optional<String> idOf(JsonNode node) {
    for (JsonNode id : List.of(node.path("eventID"), node.path("EventId"), node.path("detail").path("eventID"))) {
      if (id.isTextual()) {
        return Optional.of(id.textValue());
      }
    }
    return Optional.empty();
  }

  // ---- whole-document files ---------------------------------------------------------------------

  /** Reads root values one after another; wrappers ({@code Records}, {@code Events}) are stepped into. */
  void readDocument(InputStream in, boolean wrapper) {
    JsonLocation elementStart = null;
    JsonParser p = null;
    CountingInputStream counted = new CountingInputStream(in);
    try {
      p = mapper.createParser(counted);
      JsonToken t;
      while ((t = p.nextToken()) != null) {
        elementStart = p.currentTokenLocation();
        if (t == JsonToken.START_OBJECT && wrapper) {
          elementStart = null;
          readWrapper(p);
        } else if (t == JsonToken.START_ARRAY) {
          elementStart = null;
          readArray(p);
        } else {
          readElement(p, t, elementStart);
        }
        elementStart = null;
      }
    } catch (JsonProcessingException e) {
      JsonLocation stop = e.getLocation() != null ? e.getLocation() : p.currentLocation();
      rejectRest(start(elementStart, stop), Jackson.explain(e), stop, e);
    } catch (IOException e) {
      brokeOff(pending != null ? pending : elementStart, p, counted.count(), e);
    } finally {
      if (p != null) {
        try {
          p.close();
        } catch (IOException ignored) {
          // the parser does not own the stream; nothing to release
        }
      }
    }
  }

  /**
   * The stream broke off after {@code decompressed} bytes (a gzip file cut short or corrupt): the record
   * being read, if any, and whatever followed it are lost, counted as one rejected record. The offset is
   * counted on the stream: the parser's own is off once a read has failed.
   */
  private void brokeOff(JsonLocation recordStart, JsonParser p, long decompressed, IOException e) {
    RecordLocation where = recordStart != null ? at(recordStart.getLineNr(), recordStart.getByteOffset())
        : at(p == null ? -1 : p.currentLocation().getLineNr(), decompressed);
    String lost = recordStart != null
        ? "this record is incomplete, and whatever followed it in the file is lost"
        : "every record before the break was read; whatever followed it in the file is lost";
    tally.reject(new Rejection(where, "the input breaks off after " + decompressed + " bytes (decompressed) ("
        + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage())
        + "): the gzip file is cut short or corrupt; " + lost + ", counted as this one rejected record: fetch the"
        + " file again", Optional.empty()), e);
    pending = null;
  }

  private JsonLocation start(JsonLocation elementStart, JsonLocation stop) {
    if (pending != null) {
      return pending;
    }
    return elementStart != null ? elementStart : stop;
  }

  private void rejectRest(JsonLocation recordStart, String why, JsonLocation stop, Exception cause) {
    String reason = why + "; reading of this file stopped at byte " + stop.getByteOffset()
        + ", the rest of it is counted as this one rejected record";
    tally.reject(new Rejection(at(recordStart.getLineNr(), recordStart.getByteOffset()), reason, Optional.empty()),
        cause);
  }

  private void readWrapper(JsonParser p) throws IOException {
    JsonToken t;
    while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      JsonToken v = p.nextToken();
      if ((name.equals("Records") || name.equals("Events")) && v == JsonToken.START_ARRAY) {
        readArray(p);
      } else {
        p.skipChildren();
      }
    }
    if (t != JsonToken.END_OBJECT) {
      throw new com.fasterxml.jackson.core.JsonParseException(p, "expected a field name or '}', found " + t);
    }
  }

  private void readArray(JsonParser p) throws IOException {
    JsonToken t;
    while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
      if (t == null) {
        throw new com.fasterxml.jackson.core.io.JsonEOFException(p, null, "the array of records is not closed");
      }
      readElement(p, t, p.currentTokenLocation());
    }
  }

  private void readElement(JsonParser p, JsonToken t, JsonLocation start) throws IOException {
    RecordLocation where = at(start.getLineNr(), start.getByteOffset());
    if (t != JsonToken.START_OBJECT) {
      p.skipChildren();
      tally.reject(new Rejection(where, "expected a CloudTrail record (a JSON object), found "
          + describe(t), Optional.empty()), null);
      return;
    }
    pending = start;
    JsonNode node = bind(p);
    pending = null;
    accept(node, where);
  }

  /** The record object the parser is on, bound to what the normalizer reads of it. */
  private JsonNode bind(JsonParser p) throws IOException {
    return projection == null ? mapper.readTree(p) : projection.record(p);
  }

  private static String describe(JsonToken t) {
    switch (t) {
      case START_ARRAY:
        return "an array";
      case VALUE_STRING:
        return "a string";
      case VALUE_NUMBER_INT:
      case VALUE_NUMBER_FLOAT:
        return "a number";
      case VALUE_TRUE:
      case VALUE_FALSE:
        return "a boolean";
      case VALUE_NULL:
        return "null";
      default:
        return t.asString() == null ? t.name() : t.asString();
    }
  }

  // ---- line-delimited files ---------------------------------------------------------------------

  /** Reads one JSON value per line; a bad line is rejected and reading resumes at the next line. */
  void readLines(InputStream in) {
    byte[] buffer = new byte[8192];
    byte[] line = new byte[1024];
    int lineLength = 0;
    boolean tooLong = false;
    long lineNumber = 1;
    long lineStart = 0;
    long position = 0;
    try {
      int n;
      while ((n = in.read(buffer)) != -1) {
        for (int i = 0; i < n; i++) {
          byte b = buffer[i];
          position++;
          if (b == '\n') {
            handleLine(line, lineLength, tooLong, lineNumber, lineStart);
            lineNumber++;
            lineStart = position;
            lineLength = 0;
            tooLong = false;
          } else if (!tooLong) {
            if (lineLength == maxLineBytes) {
              tooLong = true;
            } else {
              if (lineLength == line.length) {
                line = Arrays.copyOf(line, (int) Math.min(maxLineBytes, 2L * line.length));
              }
              line[lineLength++] = b;
            }
          }
        }
      }
      handleLine(line, lineLength, tooLong, lineNumber, lineStart);
    } catch (IOException e) {
      String reason = "the input ended or broke off at byte " + position + " (" + e.getClass().getSimpleName() + ": "
          + e.getMessage() + "); a truncated or corrupt gzip file? The record starting at this line is incomplete "
          + "and nothing after it was read";
      tally.reject(new Rejection(at(lineNumber, lineStart), reason, excerpt(line, lineLength)), e);
    }
  }

  private void handleLine(byte[] line, int length, boolean tooLong, long lineNumber, long lineStart) {
    int from = 0;
    while (from < length && isBlank(line[from])) {
      from++;
    }
    if (from == length && !tooLong) {
      return; // blank line: no record
    }
    RecordLocation where = at(lineNumber, lineStart + from);
    if (tooLong) {
      tally.reject(new Rejection(where, "line longer than " + maxLineBytes + " bytes (derived from "
          + "ReadOptions.maxStringLength); raise it to read the record (the CLI's --max-string-length)",
          excerpt(line, length)), null);
      return;
    }
    JsonNode node;
    try (JsonParser p = mapper.createParser(line, from, length - from)) {
      node = p.nextToken() == JsonToken.START_OBJECT ? bind(p) : mapper.readTree(p);
      if (p.nextToken() != null) {
        tally.reject(new Rejection(where, "more than one JSON value on line " + lineNumber
            + "; expected one record per line (values written back to back, as Firehose delivers EventBridge"
            + " events, are counted as this one rejected line: split them one per line, e.g. jq -c . FILE)",
            excerpt(line, length)), null);
        return;
      }
    } catch (JsonProcessingException e) {
      tally.reject(new Rejection(where, Jackson.explainInLine(e), excerpt(line, length)), e);
      return;
    } catch (IOException e) {
      tally.reject(new Rejection(where, "cannot read line: " + e.getMessage(), Optional.empty()), e);
      return;
    }
    accept(node, where);
  }

  private static boolean isBlank(byte b) {
    return b == ' ' || b == '\t' || b == '\r';
  }

  private static Optional<String> excerpt(byte[] line, int length) {
    if (length == 0) {
      return Optional.empty();
    }
    return Optional.of(new String(line, 0, Math.min(length, Rejection.MAX_EXCERPT * 4), StandardCharsets.UTF_8).strip());
  }
}
