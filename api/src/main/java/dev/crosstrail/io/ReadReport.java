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
 *     entries, a symbolic link loop), each with the reason
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
   * A file or directory found in a directory and not read.
   *
   * @param source the file or directory
   * @param reason why it was not read, for example {@code empty file: no audit records}
   */
  public record SkippedFile(String source, String reason) {
    public SkippedFile {
      java.util.Objects.requireNonNull(source, "source");
      java.util.Objects.requireNonNull(reason, "reason");
    }
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
