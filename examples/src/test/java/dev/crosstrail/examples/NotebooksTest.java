package dev.crosstrail.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import jdk.jshell.JShell;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Runs every {@code examples/notebooks/*.jsh} the way {@code jshell} would, snippet by snippet, and
 * fails when a snippet does not compile, throws, or a notebook's own {@code check(...)} finds a
 * wrong answer. This keeps the notebooks in the README runnable and their answers right.
 */
class NotebooksTest {

  private static final Path NOTEBOOKS = Path.of("notebooks");
  private static final Path DATA = Path.of("data");

  @TestFactory
  Stream<DynamicTest> everyNotebookRunsAndAnswersRight() throws IOException {
    List<Path> notebooks;
    try (Stream<Path> files = Files.list(NOTEBOOKS)) {
      notebooks = files.filter(p -> p.toString().endsWith(".jsh")).sorted().toList();
    }
    assertThat(notebooks).as("notebooks under %s", NOTEBOOKS.toAbsolutePath()).isNotEmpty();
    return notebooks.stream().map(nb -> DynamicTest.dynamicTest(nb.getFileName().toString(), () -> run(nb)));
  }

  private static void run(Path notebook) throws IOException {
    System.setProperty("crosstrail.data", DATA.toAbsolutePath().toString());
    List<String> failures = new ArrayList<>();
    try (JShell shell = JShell.builder().executionEngine("local").build()) {
      for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
        shell.addToClasspath(entry);
      }
      SourceCodeAnalysis analysis = shell.sourceCodeAnalysis();
      String remaining = withoutCommands(Files.readString(notebook));
      while (!remaining.isBlank()) {
        SourceCodeAnalysis.CompletionInfo info = analysis.analyzeCompletion(remaining);
        String source = info.source() != null ? info.source() : remaining;
        remaining = info.source() != null ? info.remaining() : "";
        for (SnippetEvent event : shell.eval(source)) {
          if (event.exception() != null) {
            failures.add("threw " + event.exception() + " in: " + firstLine(source));
          } else if (event.status() == Snippet.Status.REJECTED) {
            shell.diagnostics(event.snippet()).forEach(d ->
                failures.add("does not compile: " + d.getMessage(null) + " in: " + firstLine(source)));
          }
        }
        if (!failures.isEmpty()) {
          break;
        }
      }
    }
    assertThat(failures).as("failures of %s", notebook).isEmpty();
  }

  /** JShell commands such as {@code /exit} are for the interactive tool, not for snippets. */
  private static String withoutCommands(String text) {
    StringBuilder out = new StringBuilder();
    for (String line : text.split("\n", -1)) {
      out.append(line.startsWith("/") ? "" : line).append('\n');
    }
    return out.toString();
  }

  private static String firstLine(String source) {
    String trimmed = source.strip();
    int nl = trimmed.indexOf('\n');
    return nl < 0 ? trimmed : trimmed.substring(0, nl) + " …";
  }
}
