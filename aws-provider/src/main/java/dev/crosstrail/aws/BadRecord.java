package dev.crosstrail.aws;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A record that cannot be normalized, with a reason that says what was expected and what was found.
 * Checked and package-private: the reader and the facade turn it into a {@link dev.crosstrail.io.Rejection}
 * with the record's location.
 */
final class BadRecord extends Exception {

  private static final long serialVersionUID = 1L;

  BadRecord(String reason) {
    super(reason, null, false, false);
  }

  BadRecord(String reason, Throwable cause) {
    super(reason, cause, false, false);
  }

  /** The longest part of an unexpected exception's message kept in a rejection reason. */
  private static final int MAX_UNEXPECTED_MESSAGE = 200;

  /**
   * A record that broke the normalizer with an unchecked exception (a value no check foresaw): the
   * record is rejected with the exception's message, never the whole read stopped.
   */
  static BadRecord unexpected(RuntimeException e) {
    String message = e.getMessage() == null ? "" : e.getMessage();
    if (message.length() > MAX_UNEXPECTED_MESSAGE) {
      message = message.substring(0, MAX_UNEXPECTED_MESSAGE) + "…";
    }
    return new BadRecord("unexpected value in the record (" + e.getClass().getSimpleName() + "): " + message
        + "; the record is skipped, please report it", e);
  }

  static BadRecord missing(String field) {
    return new BadRecord("missing required field " + field);
  }

  static BadRecord wrongType(String path, String expected, JsonNode found) {
    return new BadRecord("field " + path + ": expected " + expected + ", found " + describe(found));
  }

  /** Names a JSON value's type without quoting its content (audit payloads are sensitive). */
  static String describe(JsonNode node) {
    if (node == null || node.isMissingNode()) {
      return "nothing";
    }
    switch (node.getNodeType()) {
      case OBJECT:
        return "an object";
      case ARRAY:
        return "an array";
      case STRING:
        return "a string";
      case NUMBER:
        return "a number";
      case BOOLEAN:
        return "a boolean";
      case NULL:
        return "null";
      default:
        return node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
    }
  }
}
