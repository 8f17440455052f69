package dev.crosstrail.io;

import java.util.List;

/**
 * The summaries of every source read in one call of {@link AuditLogs#read}, in the order the
 * sources were listed (directories expanded in path order), and what was found in directories but
 * not read.
 *
 * @param sources one summary per source read
 * @param skipped files and directories found while walking a directory that hold no audit records
 *     (a README, a directory listing, an empty file) or are not read (CloudTrail digests, hidden
 *     entries, a symbolic link loop), and files the system would not let crosstrail read (see
 *     {@link #readFailures()}), each with the reason
 */
public record ReadReport(List<SourceSummary> sources, List<SkippedFile> skipped) {

  public ReadReport {
    sources = List.copyOf(sources);
    skipped = List.copyOf(skipped);
  }

  /** A report with no skipped files. */
  public ReadReport(List<SourceSummary> sources) {
    this(sources, List.of());
  }

  /**
   * A file or directory not read: found in a directory and holding no audit records, or one the system
   * would not let crosstrail read.
   *
   * @param source the file or directory
   * @param reason why it was not read, for example {@code empty file: no audit records} or
   *     {@code cannot read: permission denied}
   * @param readFailed whether the system refused or failed the read (permissions, an I/O error), so that
   *     records it may hold are missing from the results; false for a file that is simply not an audit log
   */
  public record SkippedFile(String source, String reason, boolean readFailed) {
    public SkippedFile {
      java.util.Objects.requireNonNull(source, "source");
      java.util.Objects.requireNonNull(reason, "reason");
    }

    /** A file that was read, or need not be, and holds no audit records. */
    public SkippedFile(String source, String reason) {
      this(source, reason, false);
    }
  }

  /** The files and directories the system would not let crosstrail read: their records are missing. */
  public List<SkippedFile> readFailures() {
    return skipped.stream().filter(SkippedFile::readFailed).toList();
  }

  /** Records read in all sources. */
  public long read() {
    return sources.stream().mapToLong(SourceSummary::read).sum();
  }

  /** Records normalized in all sources. */
  public long normalized() {
    return sources.stream().mapToLong(SourceSummary::normalized).sum();
  }

  /** Records rejected in all sources. */
  public long rejected() {
    return sources.stream().mapToLong(SourceSummary::rejected).sum();
  }
}
