package dev.crosstrail.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;

/**
 * The CLI's one Jackson generator setup: a single object written to a string of its own
 * ({@link #write}), or a generator for a stream of lines ({@link #generator}, used by {@link ParallelLines}).
 */
final class JsonLines {

  private static final JsonFactory FACTORY = JsonFactory.builder().build();

  private JsonLines() {
  }

  /** What writes one JSON value. */
  interface Body {
    void write(JsonGenerator g) throws IOException;
  }

  /**
   * A generator for many values in a row, one per line: with no separator of its own between root
   * values (Jackson's default is a space), so that the caller ends each line.
   */
  static JsonGenerator generator(Writer out) {
    try {
      return FACTORY.createGenerator(out).setRootValueSeparator(null);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The JSON {@code body} writes, on one line. */
  static String write(Body body) {
    StringWriter out = new StringWriter(1024);
    try (JsonGenerator g = FACTORY.createGenerator(out)) {
      body.write(g);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }
}
