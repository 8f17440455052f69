package dev.crosstrail.model;

import static java.util.Objects.requireNonNull;

/**
 * Where a record sits in its source, so that a user can open the raw record again and an error can
 * say exactly which record it is about, for example record 17 of
 * {@code AWSLogs/123456789012/CloudTrail/us-east-1/2024/05/01/123456789012_CloudTrail_us-east-1_20240501T0000Z_abc.json.gz}
 * at line 1, byte 48213 (offsets count decompressed bytes).
 *
 * @param source the file path, object key or API source the record was read from
 * @param index the record's 0-based position among the records of that source
 * @param line the 1-based line where the record starts, or -1 when not known
 * @param byteOffset the 0-based byte offset where the record starts, or -1 when not known
 */
public record RecordLocation(String source, long index, long line, long byteOffset) {

  public RecordLocation {
    requireNonNull(source, "source");
  }

  @Override
  public String toString() {
    StringBuilder s = new StringBuilder(source).append(" record ").append(index);
    if (line >= 0) {
      s.append(" line ").append(line);
    }
    if (byteOffset >= 0) {
      s.append(" byte ").append(byteOffset);
    }
    return s.toString();
  }
}
