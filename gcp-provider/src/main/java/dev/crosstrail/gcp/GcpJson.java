package dev.crosstrail.gcp;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.crosstrail.io.ReadOptions;
import java.util.concurrent.ConcurrentHashMap;

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

  /**
   * A parse error's own message, or for a broken input limit the {@link ReadOptions} setting to raise
   * (Jackson's message names its own getter).
   */
  static String explain(com.fasterxml.jackson.core.JsonProcessingException e) {
    String message = e.getOriginalMessage();
    if (!(e instanceof com.fasterxml.jackson.core.exc.StreamConstraintsException)) {
      return message;
    }
    return ReadOptions.limitBroken(message, "entry");
  }

  /** Distinct input limits whose setup is kept; past that, a setup is built per call. */
  static final int MAX_CACHED = 16;

  /** Setups by input limits (mode set to lenient: it does not change the setup). Bounded, thread-safe. */
  private static final ConcurrentHashMap<ReadOptions, GcpJson> CACHE = new ConcurrentHashMap<>();

  /**
   * The setup for these options: the defaults' shared one, a cached one for other limits (so that
   * {@link CloudAuditLogs#normalize(String, dev.crosstrail.model.RecordLocation, ReadOptions)} called once
   * per entry does not build a mapper per entry), or past {@link #MAX_CACHED} distinct limits a new one.
   */
  static GcpJson of(ReadOptions options) {
    ReadOptions limits = options.withMode(ReadOptions.Mode.LENIENT);
    if (limits.equals(ReadOptions.DEFAULTS)) {
      return DEFAULTS;
    }
    GcpJson cached = CACHE.get(limits);
    if (cached != null) {
      return cached;
    }
    if (CACHE.size() >= MAX_CACHED) {
      return new GcpJson(limits);
    }
    return CACHE.computeIfAbsent(limits, GcpJson::new);
  }

  JsonFactory factory() {
    return factory;
  }

  ObjectMapper mapper() {
    return mapper;
  }
}
