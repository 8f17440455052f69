package dev.crosstrail.aws;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.crosstrail.io.ReadOptions;

/**
 * This provider's own Jackson setup, never Jackson's global defaults: explicit
 * {@link StreamReadConstraints} from {@link ReadOptions}, duplicate keys allowed (the last one wins,
 * as in copies of real logs), sources never closed by the parser, raw content never put into
 * locations.
 */
final class Jackson {

  private Jackson() {}

  static ObjectMapper mapper(ReadOptions options) {
    StreamReadConstraints constraints = StreamReadConstraints.builder()
        .maxStringLength(options.maxStringLength())
        .maxNestingDepth(options.maxNestingDepth())
        .build();
    JsonFactory factory = JsonFactory.builder()
        .streamReadConstraints(constraints)
        .disable(StreamReadFeature.AUTO_CLOSE_SOURCE)
        .disable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
        .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
        .build();
    return JsonMapper.builder(factory)
        .disable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
        .disable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .build();
  }

  /**
   * A parse error in words: where, and what; a broken input limit names the {@link ReadOptions} setting
   * to raise.
   */
  static String explain(JsonProcessingException e) {
    return explain(e, true);
  }

  /**
   * {@link #explain(JsonProcessingException)} for a parser that saw one line of a JSON-lines file: its
   * line number is always 1, and the rejection already names the file's line, so only the column is said.
   */
  static String explainInLine(JsonProcessingException e) {
    return explain(e, false);
  }

  private static String explain(JsonProcessingException e, boolean withLine) {
    String message = e.getOriginalMessage();
    if (e instanceof StreamConstraintsException) {
      return ReadOptions.limitBroken(message, "record");
    }
    JsonLocation at = e.getLocation();
    String where = at == null || at.getColumnNr() < 0 ? ""
        : withLine ? " at line " + at.getLineNr() + " column " + at.getColumnNr() : " at column " + at.getColumnNr();
    return "malformed JSON" + where + ": " + firstLine(message);
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "unknown error";
    }
    int nl = message.indexOf('\n');
    return nl < 0 ? message : message.substring(0, nl);
  }
}
