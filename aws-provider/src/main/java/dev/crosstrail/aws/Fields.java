package dev.crosstrail.aws;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;

/** Typed access to the fields of one bound record; a value of the wrong type is a {@link BadRecord}. */
final class Fields {

  private Fields() {}

  /**
   * A string field; absent, {@code null}, {@code ""} and blank strings ({@code " "}) are all empty: no
   * identifier CloudTrail writes is blank, and a blank one must not become a principal id.
   */
  static Optional<String> text(JsonNode obj, String field, String path) throws BadRecord {
    if (obj == null) {
      return Optional.empty();
    }
    JsonNode v = obj.get(field);
    if (v == null || v.isNull()) {
      return Optional.empty();
    }
    if (!v.isTextual()) {
      throw BadRecord.wrongType(path, "a string", v);
    }
    String s = v.textValue();
    return s.isBlank() ? Optional.empty() : Optional.of(s);
  }

  /** A string field that must be there. */
  static String required(JsonNode obj, String field) throws BadRecord {
    return text(obj, field, field).orElseThrow(() -> BadRecord.missing(field));
  }

  /** An object field; absent and {@code null} are empty. */
  static Optional<JsonNode> object(JsonNode obj, String field, String path) throws BadRecord {
    if (obj == null) {
      return Optional.empty();
    }
    JsonNode v = obj.get(field);
    if (v == null || v.isNull()) {
      return Optional.empty();
    }
    if (!v.isObject()) {
      throw BadRecord.wrongType(path, "an object", v);
    }
    return Optional.of(v);
  }

  /** An array field; absent and {@code null} are empty. */
  static Optional<JsonNode> array(JsonNode obj, String field, String path) throws BadRecord {
    JsonNode v = obj.get(field);
    if (v == null || v.isNull()) {
      return Optional.empty();
    }
    if (!v.isArray()) {
      throw BadRecord.wrongType(path, "an array", v);
    }
    return Optional.of(v);
  }

  /** A flag written as a boolean or as the strings {@code "true"}/{@code "false"}; absent is false. */
  static boolean flag(JsonNode obj, String field, String path) throws BadRecord {
    if (obj == null) {
      return false;
    }
    JsonNode v = obj.get(field);
    if (v == null || v.isNull()) {
      return false;
    }
    if (v.isBoolean()) {
      return v.booleanValue();
    }
    if (v.isTextual()) {
      String s = v.textValue();
      if (s.equalsIgnoreCase("true")) {
        return true;
      }
      if (s.equalsIgnoreCase("false") || s.isBlank()) {
        return false;
      }
    }
    throw BadRecord.wrongType(path, "true or false", v);
  }
}
