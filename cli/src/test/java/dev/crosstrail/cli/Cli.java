package dev.crosstrail.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import picocli.CommandLine;

/** Runs the crosstrail command in-process, capturing stdout and stderr. */
final class Cli {

  /** The example dataset, relative to the cli module (Maven runs tests there). */
  static final Path EXAMPLES = Path.of("..", "examples", "data");
  static final Path DIRECTORY = EXAMPLES.resolve("directory");

  /** What one run gave. */
  record Run(int exit, String out, String err) {
    List<String> outLines() {
      return out.isEmpty() ? List.of() : Arrays.asList(out.split("\\R"));
    }

    List<String> errLines() {
      return err.isEmpty() ? List.of() : Arrays.asList(err.split("\\R"));
    }
  }

  private Cli() {
  }

  static Run run(Object... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = Main.commandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    int exit = cl.execute(Arrays.stream(args).map(String::valueOf).toArray(String[]::new));
    return new Run(exit, out.toString(), err.toString());
  }

  /**
   * The lines of {@code attribute} output, sorted, without their {@code source} field: the location
   * of a record legitimately differs when the same records are read from other files.
   */
  static List<String> sortedWithoutSource(List<String> lines) {
    com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
    List<String> out = new java.util.ArrayList<>();
    for (String line : lines) {
      try {
        com.fasterxml.jackson.databind.node.ObjectNode node =
            (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(line);
        if (node.remove("source") == null) {
          throw new AssertionError("attribute line without a source field: " + line);
        }
        out.add(json.writeValueAsString(node));
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
    java.util.Collections.sort(out);
    return out;
  }
}
