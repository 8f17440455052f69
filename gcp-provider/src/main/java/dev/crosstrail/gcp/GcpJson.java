package dev.crosstrail.gcp;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.crosstrail.io.ReadOptions;

/**
 * The GCP provider's own Jackson setup: a private {@link JsonFactory} whose
 * {@link StreamReadConstraints} come from {@link ReadOptions}, with duplicate-key detection off (a
 * repeated key keeps its last value, as copies of logs pasted by hand sometimes repeat keys).
 * Jackson's global defaults are never touched.
 */
final class GcpJson {

  private static final GcpJson DEFAULTS = new GcpJson(ReadOptions.DEFAULTS);

  private final JsonFactory factory;
  private final ObjectMapper mapper;

  private GcpJson(ReadOptions options) {
    StreamReadConstraints constraints = StreamReadConstraints.builder()
        .maxStringLength(options.maxStringLength())
        .maxNestingDepth(options.maxNestingDepth())
        .build();
    this.factory = JsonFactory.builder()
        .streamReadConstraints(constraints)
        .disable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
        .disable(com.fasterxml.jackson.core.StreamReadFeature.AUTO_CLOSE_SOURCE)
        .build();
    this.mapper = JsonMapper.builder(factory)
        .disable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
        .disable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .build();
  }

  /** The setup for these options (the defaults are shared, others are built per call). */
  static GcpJson of(ReadOptions options) {
    return options.maxStringLength() == ReadOptions.DEFAULTS.maxStringLength()
        && options.maxNestingDepth() == ReadOptions.DEFAULTS.maxNestingDepth() ? DEFAULTS : new GcpJson(options);
  }

  JsonFactory factory() {
    return factory;
  }

  ObjectMapper mapper() {
    return mapper;
  }
}
