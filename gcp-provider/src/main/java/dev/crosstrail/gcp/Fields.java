package dev.crosstrail.gcp;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Typed access to the fields of one bound entry. A LogEntry arrives under two spellings: the
 * lowerCamelCase JSON names ({@code insertId}, {@code principalEmail}) that {@code gcloud}, the sinks
 * and {@code JsonFormat.printer()} write, and the proto field names ({@code insert_id},
 * {@code principal_email}) that {@code JsonFormat.printer().preservingProtoFieldNames()} and the
 * {@code Struct}-typed parts ({@code request}, {@code response}, {@code metadata}) may use. Every
 * lookup tries the camelCase name first, then its snake_case form.
 *
 * <p>A JSON {@code null} counts as absent. A value of the wrong JSON type is a {@link RecordProblem}
 * naming the field's path.
 */
final class Fields {

  /**
   * The snake_case form of each name looked up so far: building it per lookup showed in profiles.
   * The names are the normalizer's own constants, so the map stays small.
   */
  private static final ConcurrentHashMap<String, String> SNAKE = new ConcurrentHashMap<>();

  private Fields() {}

  /** The member {@code name} of {@code parent} under either spelling, or empty. */
  static Optional<JsonNode> member(JsonNode parent, String name) {
    if (parent == null || !parent.isObject()) {
      return Optional.empty();
    }
    JsonNode v = parent.get(name);
    if (v == null || v.isNull()) {
      String snake = SNAKE.computeIfAbsent(name, Fields::snake);
      if (!snake.equals(name)) {
        v = parent.get(snake);
      }
    }
    return v == null || v.isNull() || v.isMissingNode() ? Optional.empty() : Optional.of(v);
  }

  /**
   * A string member; empty when absent or blank ({@code ""}, {@code " "}: no field GCP writes is
   * meaningfully blank), a problem when present with another type.
   */
  static Optional<String> text(JsonNode parent, String path, String name) throws RecordProblem {
    Optional<JsonNode> v = member(parent, name);
    if (v.isEmpty()) {
      return Optional.empty();
    }
    if (!v.get().isTextual()) {
      throw wrongType(path + name, "a string", v.get());
    }
    String s = v.get().textValue();
    return s.isBlank() ? Optional.empty() : Optional.of(s);
  }

  /** A string member that is neither absent nor blank. */
  static Optional<String> nonBlank(JsonNode parent, String path, String name) throws RecordProblem {
    return text(parent, path, name).filter(s -> !s.isBlank());
  }

  /** An object member; empty when absent, a problem when present with another type. */
  static Optional<JsonNode> object(JsonNode parent, String path, String name) throws RecordProblem {
    Optional<JsonNode> v = member(parent, name);
    if (v.isPresent() && !v.get().isObject()) {
      throw wrongType(path + name, "an object", v.get());
    }
    return v;
  }

  /** An array member; empty when absent, a problem when present with another type. */
  static Optional<JsonNode> array(JsonNode parent, String path, String name) throws RecordProblem {
    Optional<JsonNode> v = member(parent, name);
    if (v.isPresent() && !v.get().isArray()) {
      throw wrongType(path + name, "an array", v.get());
    }
    return v;
  }

  /**
   * An integer member written as a JSON number or, as proto3 JSON writes 64-bit integers, as a
   * string of digits.
   */
  static Optional<Long> integer(JsonNode parent, String path, String name) throws RecordProblem {
    Optional<JsonNode> v = member(parent, name);
    if (v.isEmpty()) {
      return Optional.empty();
    }
    JsonNode n = v.get();
    if (n.isIntegralNumber() && n.canConvertToLong()) {
      return Optional.of(n.longValue());
    }
    if (n.isTextual()) {
      try {
        return Optional.of(Long.parseLong(n.textValue().trim()));
      } catch (NumberFormatException e) {
        // fall through to the problem below
      }
    }
    throw wrongType(path + name, "an integer", n);
  }

  static RecordProblem wrongType(String field, String expected, JsonNode found) {
    return new RecordProblem("field " + field + ": expected " + expected + ", found " + describe(found));
  }

  static String describe(JsonNode n) {
    String type = n.getNodeType().name().toLowerCase(Locale.ROOT);
    if (n.isValueNode()) {
      String s = n.asText();
      return type + " " + (s.length() > 40 ? s.substring(0, 40) + "…" : s);
    }
    return type;
  }

  /** {@code principalEmail} → {@code principal_email}. */
  static String snake(String camel) {
    StringBuilder s = new StringBuilder(camel.length() + 4);
    for (int i = 0; i < camel.length(); i++) {
      char c = camel.charAt(i);
      if (Character.isUpperCase(c)) {
        s.append('_').append(Character.toLowerCase(c));
      } else {
        s.append(c);
      }
    }
    return s.toString();
  }
}
