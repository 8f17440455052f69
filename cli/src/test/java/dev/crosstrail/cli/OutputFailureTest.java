package dev.crosstrail.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Standard output that fails (a full disk, a closed pipe) makes the command fail with the reason:
 * never exit status 0 over a cut-off result. PrintWriter, which picocli prints through, swallows
 * write errors, so this goes through {@link Main#run(OutputStream, PrintWriter, String...)} with an
 * output stream that fills up.
 */
class OutputFailureTest {

  /** Takes {@code room} bytes, then fails every write as a full disk does. */
  private static final class FullDisk extends OutputStream {
    final ByteArrayOutputStream kept = new ByteArrayOutputStream();
    private final int room;

    FullDisk(int room) {
      this.room = room;
    }

    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      if (kept.size() + len > room) {
        throw new IOException("No space left on device");
      }
      kept.write(b, off, len);
    }
  }

  private record Result(int exit, String out, String err) {}

  private static Result run(int room, Object... args) {
    FullDisk disk = new FullDisk(room);
    StringWriter err = new StringWriter();
    String[] argv = java.util.Arrays.stream(args).map(String::valueOf).toArray(String[]::new);
    int exit = Main.run(disk, new PrintWriter(err, true), argv);
    return new Result(exit, disk.kept.toString(java.nio.charset.StandardCharsets.UTF_8), err.toString());
  }

  @Test
  void normalizeIntoAFullDiskFailsAndSaysWhy() {
    Result r = run(1000, "normalize", Cli.EXAMPLES.resolve("aws"), Cli.EXAMPLES.resolve("gcp"));

    assertThat(r.exit()).isEqualTo(Main.EXIT_IO_ERROR);
    assertThat(r.err()).contains("could not write the output (No space left on device)");
  }

  @Test
  void attributeIntoAFullDiskFailsAndSaysWhy() {
    Result r = run(1000, "attribute", "--directory", Cli.DIRECTORY, Cli.EXAMPLES.resolve("aws"),
        Cli.EXAMPLES.resolve("gcp"));

    assertThat(r.exit()).isEqualTo(Main.EXIT_IO_ERROR);
    assertThat(r.err()).contains("could not write the output (No space left on device)");
  }

  @Test
  void traceIntoAFullDiskFailsAndSaysWhy() {
    Result r = run(10, "trace", "--event", "kbionm1yuvfm", "--directory", Cli.DIRECTORY, Cli.EXAMPLES.resolve("aws"),
        Cli.EXAMPLES.resolve("gcp"));

    assertThat(r.exit()).isEqualTo(Main.EXIT_IO_ERROR);
    assertThat(r.err()).contains("could not write the output (No space left on device)");
  }

  /**
   * An input file the system fails to read: every command does its work on the rest, names the file and
   * exits 74, since the results lack its records. {@code /proc/self/mem} fails every read with EIO.
   */
  @Test
  void anInputFileThatCannotBeReadIsNamedAndTheExitStatusIs74() {
    Path failing = Path.of("/proc/self/mem");
    assumeTrue(Files.exists(failing), "needs Linux /proc");
    for (Object[] args : List.of(
        new Object[] {"normalize", Cli.EXAMPLES.resolve("aws"), failing},
        new Object[] {"attribute", Cli.EXAMPLES.resolve("aws"), failing},
        new Object[] {"trace", "--event", "95b4d2de-9cd1-458d-af06-1658bbf3dca3", Cli.EXAMPLES.resolve("aws"), failing},
        new Object[] {"activity", "--principal", "arn:aws:iam::111111111111:user/suzuki", Cli.EXAMPLES.resolve("aws"),
            failing})) {
      Cli.Run r = Cli.run(args);

      assertThat(r.exit()).as("%s: %s", args[0], r.err()).isEqualTo(Main.EXIT_IO_ERROR);
      assertThat(r.out()).as("%s did its work on the rest", args[0]).isNotEmpty();
      assertThat(r.err()).contains("/proc/self/mem: skipped: cannot read: ")
          .contains("1 file could not be read (listed above)");
    }
  }

  @Test
  void outputWithRoomIsWholeAndTheExitStatusZero() {
    Result r = run(Integer.MAX_VALUE, "trace", "--event", "kbionm1yuvfm", "--directory", Cli.DIRECTORY,
        Cli.EXAMPLES.resolve("aws"), Cli.EXAMPLES.resolve("gcp"));

    assertThat(r.exit()).isZero();
    assertThat(r.out()).contains("kbionm1yuvfm");
    assertThat(r.err()).doesNotContain("could not write");
  }
}
