package dev.crosstrail.gcp;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Finds line breaks eight bytes at a time. Looking at one byte per step was a fifth of the time spent
 * normalizing a Cloud Storage sink file (JFR, one thread): entries are long lines, and the loop
 * that looks for their ends ran once per byte.
 */
final class Newlines {

  private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long NEWLINES = 0x0A0A0A0A0A0A0A0AL;
  private static final long ONES = 0x0101010101010101L;
  private static final long HIGHS = 0x8080808080808080L;

  private Newlines() {}

  /** The index of the first {@code '\n'} in {@code b[from, to)}, or -1. */
  static int indexOf(byte[] b, int from, int to) {
    int i = from;
    for (; i + Long.BYTES <= to; i += Long.BYTES) {
      long word = (long) LONGS.get(b, i) ^ NEWLINES; // a newline byte becomes zero
      // the lowest byte that is zero sets its high bit here; higher bits may be false alarms, lower ones never are
      long zeros = (word - ONES) & ~word & HIGHS;
      if (zeros != 0) {
        return i + (Long.numberOfTrailingZeros(zeros) >>> 3);
      }
    }
    for (; i < to; i++) {
      if (b[i] == '\n') {
        return i;
      }
    }
    return -1;
  }
}
