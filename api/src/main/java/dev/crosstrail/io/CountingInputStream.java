package dev.crosstrail.io;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Counts the bytes a reader has taken from a (decompressed) source, so that a stream that breaks off can be
 * reported where it really ended: a JSON parser's own location is not reliable once a read has failed
 * (Jackson's byte offset then counts the last buffer twice). For providers' readers, under any buffering.
 */
public final class CountingInputStream extends FilterInputStream {
  private long count;

  public CountingInputStream(InputStream in) {
    super(in);
  }

  /** The bytes delivered so far: where the source broke off, once a read has failed. */
  public long count() {
    return count;
  }

  @Override
  public int read() throws IOException {
    int b = super.read();
    if (b >= 0) {
      count++;
    }
    return b;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    int n = super.read(b, off, len);
    if (n > 0) {
      count += n;
    }
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    long s = super.skip(n);
    count += s;
    return s;
  }

  /** No mark: a reset would deliver bytes twice. Buffer above this stream to re-read a head. */
  @Override
  public boolean markSupported() {
    return false;
  }
}
