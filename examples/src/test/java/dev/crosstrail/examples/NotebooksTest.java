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
      // Feed the notebook line by line as the jshell tool does: a snippet ends at the first line where
      // the input so far is complete, so a line that starts with ".map(" fails here as it fails there.
      StringBuilder pending = new StringBuilder();
      for (String line : Files.readAllLines(notebook)) {
        if (pending.length() == 0 && line.startsWith("/")) {
          continue; // a jshell command such as /exit
        }
        pending.append(line).append('\n');
        SourceCodeAnalysis.CompletionInfo info = analysis.analyzeCompletion(pending.toString());
        if (!info.completeness().isComplete()) {
          continue;
        }
        pending.setLength(0);
        if (info.completeness() != SourceCodeAnalysis.Completeness.EMPTY) {
          eval(shell, info.source(), failures);
          if (!info.remaining().isBlank()) {
            pending.append(info.remaining());
          }
        }
        if (!failures.isEmpty()) {
          break;
        }
      }
      if (failures.isEmpty() && !pending.toString().isBlank()) {
        failures.add("incomplete snippet at the end: " + firstLine(pending.toString()));
      }
    }
    assertThat(failures).as("failures of %s", notebook).isEmpty();
  }

  private static void eval(JShell shell, String source, List<String> failures) {
    for (SnippetEvent event : shell.eval(source)) {
      if (event.exception() != null) {
        failures.add("threw " + event.exception() + " in: " + firstLine(source));
      } else if (event.status() == Snippet.Status.REJECTED) {
        shell.diagnostics(event.snippet()).forEach(d ->
            failures.add("does not compile: " + d.getMessage(null) + " in: " + firstLine(source)));
      }
    }
  }

  private static String firstLine(String source) {
    String trimmed = source.strip();
    int nl = trimmed.indexOf('\n');
    return nl < 0 ? trimmed : trimmed.substring(0, nl) + " …";
  }
}
