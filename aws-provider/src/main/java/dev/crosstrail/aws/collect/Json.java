package dev.crosstrail.aws.collect;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The collector's own Jackson setup, never Jackson's global defaults. */
final class Json {

  /** Records up to 16 MiB strings and 200 levels deep, as {@code ReadOptions.DEFAULTS} reads them back. */
  static final JsonFactory FACTORY = JsonFactory.builder()
      .streamReadConstraints(StreamReadConstraints.builder()
          .maxStringLength(16 * 1024 * 1024)
          .maxNestingDepth(200)
          .build())
      .build();

  static final ObjectMapper MAPPER = new ObjectMapper(FACTORY);

  private Json() {
  }
}
