package dev.crosstrail.io;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * What reading one source gave: how many records were read, normalized and rejected, and the first
 * rejections with their reasons. {@code read == normalized + rejected} always holds: every record is
 * either an event or a rejection (a valid entry that is no audit record, such as a Cloud Logging
 * {@code textPayload} entry, is rejected with that reason).
 *
 * @param source the file path, object key or API source
 * @param format the recognised format, for example {@code cloudtrail-log-file} or {@code gcloud-logging-read}
 * @param read records read
 * @param normalized records turned into events
 * @param rejected records rejected
 * @param rejections the first rejections, at most {@link #MAX_KEPT_REJECTIONS}; {@code rejected} counts them all
 */
public record SourceSummary(
    String source, String format, long read, long normalized, long rejected, List<Rejection> rejections) {

  /** How many rejections a summary keeps in full; beyond that only the count grows. */
  public static final int MAX_KEPT_REJECTIONS = 1000;

  /** The format of a source no reader recognised (or could not open): one rejection says why. */
  public static final String UNRECOGNIZED = "unrecognized";

  public SourceSummary {
    requireNonNull(source, "source");
    requireNonNull(format, "format");
    rejections = List.copyOf(rejections);
    if (read != normalized + rejected) {
      throw new IllegalStateException("counts of " + source + " do not add up: read " + read
          + " != normalized " + normalized + " + rejected " + rejected);
    }
    if (rejections.size() > rejected) {
      throw new IllegalStateException(source + ": " + rejections.size() + " rejections kept but only "
          + rejected + " counted");
    }
  }

  /** Whether a reader recognised the source as audit logs of some format (whatever it then rejected). */
  public boolean recognized() {
    return !format.equals(UNRECOGNIZED);
  }
}
