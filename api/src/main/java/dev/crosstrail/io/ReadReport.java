package dev.crosstrail.io;

import java.util.List;

/**
 * The summaries of every source read in one call of {@link AuditLogs#read}, in the order the
 * sources were listed (directories expanded in path order).
 *
 * @param sources one summary per source
 */
public record ReadReport(List<SourceSummary> sources) {

  public ReadReport {
    sources = List.copyOf(sources);
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
