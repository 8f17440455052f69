package dev.crosstrail.gcp;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * How a source lays out its entries, found from its first bytes with a Jackson parser (the head may
 * end in the middle of a record, or a record may be malformed: what was seen before that counts).
 *
 * @param layout how to step through the source
 * @param format the format name reported in the summary
 */
record Shape(Layout layout, String format) {

  /** How records follow one another. */
  enum Layout {
    /** One JSON array of records ({@code gcloud logging read --format=json}). */
    ARRAY,
    /** One record per line (Cloud Storage sink files, Pub/Sub messages saved one per line). */
    LINES,
    /** One or more whole JSON documents, possibly pretty-printed (a single entry or message). */
    DOCUMENTS
  }

  static final String GCLOUD = "gcloud-logging-read";
  static final String SINK_LINES = "gcs-sink-json-lines";
  static final String PUBSUB = "pubsub-message";
  static final String LOG_ENTRY = "log-entry";

  /** Top-level keys that only CloudTrail content has: never claim it. */
  private static final Set<String> CLOUDTRAIL = Set.of("Records", "eventVersion", "eventID", "CloudTrailEvent",
      "detail-type", "Events", "eventSource", "eventName", "userIdentity", "EventId");

  /** Top-level keys a LogEntry has under either JSON spelling. */
  private static final Set<String> LOG_ENTRY_KEYS = Set.of("insertId", "insert_id", "logName", "log_name",
      "protoPayload", "proto_payload");

  /** Keys beside {@code data} that make an object a Pub/Sub message. */
  private static final Set<String> MESSAGE_KEYS = Set.of("attributes", "messageId", "message_id", "publishTime",
      "publish_time");

  /** Names the shape of a head, or empty when it is not Cloud Audit Log content. */
  static Optional<Shape> detect(JsonFactory factory, byte[] head, int length) {
    try (JsonParser p = factory.createParser(head, 0, length)) {
      JsonToken first;
      try {
        first = p.nextToken();
      } catch (IOException e) {
        return Optional.empty();
      }
      if (first == JsonToken.START_ARRAY) {
        JsonToken t;
        try {
          t = p.nextToken();
        } catch (IOException e) {
          return Optional.empty();
        }
        if (t != JsonToken.START_OBJECT) {
          return Optional.empty();
        }
        Kind kind = scan(p).kind();
        return kind == Kind.NONE ? Optional.empty()
            : Optional.of(new Shape(Layout.ARRAY, kind == Kind.PUBSUB ? PUBSUB : GCLOUD));
      }
      if (first != JsonToken.START_OBJECT) {
        return Optional.empty();
      }
      long start = p.currentTokenLocation().getByteOffset();
      Scan scan = scan(p);
      if (scan.kind() == Kind.NONE) {
        return Optional.empty();
      }
      int newline = indexOf(head, length, (int) Math.max(0, start), (byte) '\n');
      boolean lines = newline < 0 || scan.endOffset() <= newline;
      if (!lines) {
        return Optional.of(new Shape(Layout.DOCUMENTS, scan.kind() == Kind.PUBSUB ? PUBSUB : LOG_ENTRY));
      }
      boolean more = newline >= 0 && hasContent(head, length, newline);
      String format = scan.kind() == Kind.PUBSUB ? PUBSUB : more || !scan.closed() ? SINK_LINES : LOG_ENTRY;
      return Optional.of(new Shape(Layout.LINES, format));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private enum Kind { NONE, LOG_ENTRY, PUBSUB }

  /**
   * @param kind what the object looks like
   * @param closed whether the object ended within the head
   * @param endOffset where the scan stopped: after the object, or at the end / error of the head
   */
  private record Scan(Kind kind, boolean closed, long endOffset) {}

  /** Reads the keys of the object the parser is at, one level deep (and the keys of a {@code message}). */
  private static Scan scan(JsonParser p) {
    Set<String> keys = new HashSet<>();
    Set<String> messageKeys = new HashSet<>();
    boolean closed = false;
    try {
      JsonToken t;
      while ((t = p.nextToken()) != null && t != JsonToken.END_OBJECT) {
        String name = p.currentName();
        JsonToken value = p.nextToken();
        keys.add(name);
        if (name.equals("message") && value == JsonToken.START_OBJECT) {
          JsonToken m;
          while ((m = p.nextToken()) != null && m != JsonToken.END_OBJECT) {
            messageKeys.add(p.currentName());
            p.nextToken();
            p.skipChildren();
          }
        } else {
          p.skipChildren();
        }
      }
      closed = t == JsonToken.END_OBJECT;
    } catch (IOException e) {
      // the head ends mid-record, or the record is malformed: judge by the keys seen so far
    }
    long end = p.currentLocation().getByteOffset();
    return new Scan(kind(keys, messageKeys), closed, end);
  }

  private static Kind kind(Set<String> keys, Set<String> messageKeys) {
    for (String k : keys) {
      if (CLOUDTRAIL.contains(k)) {
        return Kind.NONE;
      }
    }
    for (String k : keys) {
      if (LOG_ENTRY_KEYS.contains(k)) {
        return Kind.LOG_ENTRY;
      }
    }
    if (keys.contains("message") && messageKeys.contains("data")) {
      return Kind.PUBSUB;
    }
    if (keys.contains("data")) {
      for (String k : keys) {
        if (MESSAGE_KEYS.contains(k)) {
          return Kind.PUBSUB;
        }
      }
    }
    return Kind.NONE;
  }

  private static int indexOf(byte[] b, int length, int from, byte wanted) {
    for (int i = from; i < length; i++) {
      if (b[i] == wanted) {
        return i;
      }
    }
    return -1;
  }

  private static boolean hasContent(byte[] b, int length, int from) {
    for (int i = from; i < length; i++) {
      if (!Character.isWhitespace(b[i])) {
        return true;
      }
    }
    return false;
  }
}
