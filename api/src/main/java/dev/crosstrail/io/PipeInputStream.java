package dev.crosstrail.io;

import java.io.IOException;
import java.io.InputStream;

/**
 * A pipe's bytes (a named pipe, {@code /dev/stdin}, a shell's {@code <(…)}) as a stream whose
 * {@link #available()} says whether more will come. {@link java.util.zip.GZIPInputStream} looks for
 * another gzip member after each one only when {@code available() > 0}; a pipe answers 0 whenever its
 * writer is momentarily behind, so a concatenated gzip piped in would end after its first member, its
 * other records neither read nor counted. Here {@code available()} waits for the next byte (or the end)
 * and keeps it. The stream under it is a channel's, which an interrupt closes, so that a read stopped
 * elsewhere (a strict read's first bad record) does not wait for a slow writer.
 */
final class PipeInputStream extends InputStream {
  private static final int NONE = -2;

  private final InputStream in;
  /** The byte {@link #available()} read ahead, -1 for the end, or {@link #NONE}. */
  private int peeked = NONE;

  PipeInputStream(InputStream in) {
    this.in = in;
  }

  @Override
  public int read() throws IOException {
    if (peeked != NONE) {
      int b = peeked;
      peeked = b < 0 ? b : NONE;
      return b;
    }
    return in.read();
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    java.util.Objects.checkFromIndexSize(off, len, b.length);
    if (len == 0) {
      return 0;
    }
    if (peeked == NONE) {
      return in.read(b, off, len);
    }
    if (peeked < 0) {
      return -1;
    }
    b[off] = (byte) peeked;
    peeked = NONE;
    return 1;
  }

  /** 1 when a byte is there (waiting for the writer if need be), 0 at the end. */
  @Override
  public int available() throws IOException {
    if (peeked == NONE) {
      peeked = in.read();
    }
    return peeked >= 0 ? 1 : 0;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
