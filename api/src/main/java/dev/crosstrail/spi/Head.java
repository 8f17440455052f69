package dev.crosstrail.spi;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

/**
 * The first bytes of a source, read to recognise its format, as far as they could be read: a
 * truncated gzip file can break inside them, and the complete records before the break are still
 * worth reading. Shared by {@link dev.crosstrail.io.AuditLogs} and the formats that read a head of
 * their own.
 */
public final class Head {

  private final byte[] bytes;
  private final int length;
  private final IOException broken;

  private Head(byte[] bytes, int length, IOException broken) {
    this.bytes = bytes;
    this.length = length;
    this.broken = broken;
  }

  /**
   * Reads up to {@code max} bytes of {@code in}, stopping at its end or at a read that fails (kept as
   * {@link #broken()}, with what was read before it). Does not close {@code in}.
   */
  public static Head read(InputStream in, int max) {
    requireNonNull(in, "in");
    byte[] bytes = new byte[max];
    int length = 0;
    try {
      int n;
      while (length < max && (n = in.read(bytes, length, max - length)) > 0) {
        length += n;
      }
    } catch (IOException e) {
      return new Head(bytes, length, e);
    }
    return new Head(bytes, length, null);
  }

  /** The bytes read; only the first {@link #length()} are the source's. */
  public byte[] bytes() {
    return bytes;
  }

  /** How many bytes were read. */
  public int length() {
    return length;
  }

  /** The failure that stopped the reading early, if one did. */
  public Optional<IOException> broken() {
    return Optional.ofNullable(broken);
  }

  /** The length of the complete lines at the start: what a break in the middle of a line leaves whole. */
  public int completeLines() {
    int end = length;
    while (end > 0 && bytes[end - 1] != '\n') {
      end--;
    }
    return end;
  }
}
