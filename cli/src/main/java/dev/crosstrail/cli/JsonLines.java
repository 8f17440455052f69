package dev.crosstrail.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;

/** The CLI's one Jackson generator setup: each output object is written to a string of its own. */
final class JsonLines {

  private static final JsonFactory FACTORY = JsonFactory.builder().build();

  private JsonLines() {
  }

  /** What writes one JSON value. */
  interface Body {
    void write(JsonGenerator g) throws IOException;
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
