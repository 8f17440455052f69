package dev.crosstrail.aws.collect;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.zip.GZIPOutputStream;

/**
 * Writes event-history records as a trail log file: gzip of {@code {"Records":[ ... ]}}, each
 * record the {@code CloudTrailEvent} JSON copied token by token, unchanged.
 */
final class TrailFileWriter {

  /** One record to write: its id for errors, and its JSON as the service returned it. */
  record Item(String eventId, String json) {
  }

  /** A record whose JSON is not one JSON object. */
  static final class MalformedEvent extends Exception {
    final String eventId;

    MalformedEvent(String eventId, String message, Throwable cause) {
      super(message, cause);
      this.eventId = eventId;
    }
  }

  private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy/MM/dd").withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmm'Z'").withZone(ZoneOffset.UTC);
  private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  private static final SecureRandom RANDOM = new SecureRandom();

  private TrailFileWriter() {
  }

  /**
   * {@code AWSLogs/ACCOUNT/CloudTrail/REGION/YYYY/MM/DD/ACCOUNT_CloudTrail_REGION_YYYYMMDDTHHmmZ_UNIQUE.json.gz},
   * relative to the output directory, for records of {@code day} whose latest time is {@code latest}.
   */
  static String relativePath(String account, String region, Instant latest) {
    StringBuilder unique = new StringBuilder(16);
    for (int i = 0; i < 16; i++) {
      unique.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
    }
    return "AWSLogs/" + account + "/CloudTrail/" + region + "/" + DAY.format(latest) + "/" + account
        + "_CloudTrail_" + region + "_" + STAMP.format(latest) + "_" + unique + ".json.gz";
  }

  /** Writes {@code items} to {@code file}, streaming; fails on the first record that is not a JSON object. */
  static void write(Path file, List<Item> items) throws IOException, MalformedEvent {
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file), 64 * 1024);
        JsonGenerator json = Json.FACTORY.createGenerator(out)) {
      json.writeStartObject();
      json.writeArrayFieldStart("Records");
      for (Item item : items) {
        copy(item, json);
      }
      json.writeEndArray();
      json.writeEndObject();
    }
  }

  private static void copy(Item item, JsonGenerator json) throws IOException, MalformedEvent {
    if (item.json() == null) {
      throw new MalformedEvent(item.eventId(), "CloudTrailEvent is missing", null);
    }
    try (JsonParser parser = Json.FACTORY.createParser(item.json())) {
      JsonToken first = parser.nextToken();
      if (first != JsonToken.START_OBJECT) {
        throw new MalformedEvent(item.eventId(), "CloudTrailEvent is not a JSON object (starts with "
            + (first == null ? "nothing" : first.asString() == null ? first.name() : first.asString()) + ")", null);
      }
      json.copyCurrentStructure(parser);
      if (parser.nextToken() != null) {
        throw new MalformedEvent(item.eventId(), "CloudTrailEvent has content after its JSON object, at "
            + parser.currentLocation().offsetDescription(), null);
      }
    } catch (JsonProcessingException e) {
      throw new MalformedEvent(item.eventId(), "CloudTrailEvent is not valid JSON: " + e.getOriginalMessage()
          + " at " + (e.getLocation() == null ? "?" : e.getLocation().offsetDescription()), e);
    }
  }
}
