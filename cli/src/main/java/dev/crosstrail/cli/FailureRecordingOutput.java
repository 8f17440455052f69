package dev.crosstrail.cli;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Optional;

/**
 * An output stream that remembers the first error writing to it. {@link java.io.PrintWriter}, which
 * picocli prints through, swallows write errors and keeps only a flag; this keeps the reason ("No
 * space left on device", "Broken pipe") so that the command can say it.
 */
final class FailureRecordingOutput extends FilterOutputStream {

  private volatile IOException failure;

  FailureRecordingOutput(OutputStream out) {
    super(out);
  }

  /** Why writing failed first, if it did. */
  Optional<IOException> failure() {
    return Optional.ofNullable(failure);
  }

  @Override
  public void write(int b) throws IOException {
    try {
      out.write(b);
    } catch (IOException e) {
      throw remember(e);
    }
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    try {
      out.write(b, off, len);
    } catch (IOException e) {
      throw remember(e);
    }
  }

  @Override
  public void flush() throws IOException {
    try {
      out.flush();
    } catch (IOException e) {
      throw remember(e);
    }
  }

  private IOException remember(IOException e) {
    if (failure == null) {
      failure = e;
    }
    return e;
  }
}
