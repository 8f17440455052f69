package dev.crosstrail.aws;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Recognises CloudTrail content from the first bytes of a source, by its JSON shape (never by file
 * name). The head may end in the middle of a record: the end of input is expected and caught.
 */
final class Recognizer {

  /** The shapes CloudTrail records come in. */
  enum Shape {
    /** S3 trail file {@code {"Records":[…]}}. */
    LOG_FILE("cloudtrail-log-file"),
    /** {@code aws cloudtrail lookup-events} output {@code {"Events":[{…, "CloudTrailEvent": "…"}]}}. */
    LOOKUP_EVENTS("cloudtrail-lookup-events"),
    /** One CloudTrail record per line. */
    JSON_LINES("cloudtrail-json-lines"),
    /** One lookup-events item per line. */
    LOOKUP_EVENTS_LINES("cloudtrail-lookup-events-lines"),
    /** EventBridge events wrapping a record in {@code detail}: one, an array, or one per line. */
    EVENTBRIDGE("cloudtrail-eventbridge"),
    /** A JSON array of records. */
    JSON_ARRAY("cloudtrail-json-array"),
    /** A single record object. */
    RECORD("cloudtrail-record");

    final String wireName;

    Shape(String wireName) {
      this.wireName = wireName;
    }
  }

  /** A recognised source: its shape, and whether it is read line by line. */
  record Recognition(Shape shape, boolean lines) {}

  private static final Set<String> RECORD_KEYS = Set.of("eventVersion", "eventID", "eventTime", "eventSource",
      "eventName", "userIdentity", "awsRegion", "recipientAccountId", "requestParameters", "responseElements",
      "sourceIPAddress", "eventType", "requestID");
  private static final Set<String> GCP_KEYS = Set.of("logName", "insertId", "protoPayload", "jsonPayload",
      "textPayload", "receiveTimestamp");

  private Recognizer() {}

  static Optional<Recognition> recognize(JsonFactory factory, byte[] head, int length) {
    if (length <= 0) {
      return Optional.empty();
    }
    try (JsonParser p = factory.createParser(head, 0, length)) {
      JsonToken first = next(p);
      if (first == JsonToken.START_ARRAY) {
        if (next(p) != JsonToken.START_OBJECT) {
          return Optional.empty();
        }
        Keys k = keys(p);
        switch (k.kind()) {
          case ENVELOPE:
            return Optional.of(new Recognition(Shape.EVENTBRIDGE, false));
          case LOOKUP_ITEM:
            return Optional.of(new Recognition(Shape.LOOKUP_EVENTS, false));
          case RECORD:
            return Optional.of(new Recognition(Shape.JSON_ARRAY, false));
          default:
            return Optional.empty();
        }
      }
      if (first != JsonToken.START_OBJECT) {
        return Optional.empty();
      }
      Keys k = keys(p);
      if (k.names.contains("Records") && k.recordsArray && !k.gcp()) {
        return Optional.of(new Recognition(Shape.LOG_FILE, false));
      }
      if (k.names.contains("Events") && k.eventsOfCloudTrail && !k.gcp()) {
        return Optional.of(new Recognition(Shape.LOOKUP_EVENTS, false));
      }
      Kind kind = k.kind();
      if (kind == Kind.NONE) {
        return Optional.empty();
      }
      boolean lines = lineDelimited(p, k);
      switch (kind) {
        case ENVELOPE:
          return Optional.of(new Recognition(Shape.EVENTBRIDGE, lines));
        case LOOKUP_ITEM:
          return Optional.of(new Recognition(Shape.LOOKUP_EVENTS_LINES, true));
        default:
          return Optional.of(lines ? new Recognition(Shape.JSON_LINES, true) : new Recognition(Shape.RECORD, false));
      }
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** One object per line: the first object ends on line 1 and another follows, or line 1 outgrows the head. */
  private static boolean lineDelimited(JsonParser p, Keys k) {
    if (!k.complete) {
      return p.currentLocation().getLineNr() == 1 && k.startLine == 1;
    }
    return k.endLine == k.startLine && next(p) == JsonToken.START_OBJECT;
  }

  private static JsonToken next(JsonParser p) {
    try {
      return p.nextToken();
    } catch (IOException e) {
      return null;
    }
  }

  enum Kind { RECORD, ENVELOPE, LOOKUP_ITEM, NONE }

  /** The top-level keys of the first object in the head, as far as the head goes. */
  static final class Keys {
    final Set<String> names = new HashSet<>();
    String detailType;
    boolean recordsArray;
    boolean eventsOfCloudTrail;
    boolean complete;
    int startLine;
    int endLine;

    boolean gcp() {
      return names.stream().anyMatch(GCP_KEYS::contains);
    }

    Kind kind() {
      if (gcp()) {
        return Kind.NONE;
      }
      if (names.contains("detail") || names.contains("detail-type")) {
        return detailType != null && detailType.contains("CloudTrail") ? Kind.ENVELOPE : Kind.NONE;
      }
      if (names.contains("CloudTrailEvent")) {
        return Kind.LOOKUP_ITEM;
      }
      long recordKeys = names.stream().filter(RECORD_KEYS::contains).count();
      return recordKeys >= 2 ? Kind.RECORD : Kind.NONE;
    }
  }

  /** Reads the keys of the object whose START_OBJECT is the current token, skipping values. */
  private static Keys keys(JsonParser p) {
    Keys k = new Keys();
    k.startLine = p.currentTokenLocation().getLineNr();
    try {
      JsonToken t;
      while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        k.names.add(name);
        JsonToken v = p.nextToken();
        if (name.equals("detail-type") && v == JsonToken.VALUE_STRING) {
          k.detailType = p.getText();
        } else if (name.equals("Records") && v == JsonToken.START_ARRAY) {
          k.recordsArray = true;
          return k;
        } else if (name.equals("Events") && v == JsonToken.START_ARRAY) {
          JsonToken e = p.nextToken();
          if (e == JsonToken.START_OBJECT) {
            k.eventsOfCloudTrail = keys(p).names.contains("CloudTrailEvent");
          } else if (e == JsonToken.END_ARRAY) {
            k.eventsOfCloudTrail = true; // a lookup-events page that found nothing
          }
          return k;
        } else if (v == JsonToken.START_OBJECT || v == JsonToken.START_ARRAY) {
          p.skipChildren();
        }
      }
      if (t == JsonToken.END_OBJECT) {
        k.complete = true;
        k.endLine = p.currentTokenLocation().getLineNr();
      }
    } catch (IOException e) {
      // the head ended inside the object: decide with the keys seen so far
    }
    return k;
  }
}
