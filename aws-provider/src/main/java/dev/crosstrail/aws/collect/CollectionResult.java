package dev.crosstrail.aws.collect;

import java.nio.file.Path;
import java.util.List;

/**
 * What one collection run did, source by source.
 *
 * @param sources one result per account and region (and bucket prefix), in collection order
 * @param warnings things the user should know (us-east-1 added or missing, window older than 90 days, ...)
 * @param retries requests sent again after throttling, a server error or a dropped connection
 */
public record CollectionResult(List<SourceResult> sources, List<String> warnings, long retries) {

  public CollectionResult {
    sources = List.copyOf(sources);
    warnings = List.copyOf(warnings);
  }

  /** Every file written, source by source. */
  public List<Path> files() {
    return sources.stream().flatMap(s -> s.files().stream()).toList();
  }

  /** Event-history records written in all sources. */
  public long recordsWritten() {
    return sources.stream().mapToLong(SourceResult::recordsWritten).sum();
  }

  /** Records or objects skipped as already collected. */
  public long duplicatesSkipped() {
    return sources.stream().mapToLong(SourceResult::duplicatesSkipped).sum();
  }

  /** The sources that failed, each with the error that stopped it. */
  public List<CollectionException> failures() {
    return sources.stream().flatMap(s -> s.failure().stream()).toList();
  }

  /** True when every source completed its window. */
  public boolean succeeded() {
    return failures().isEmpty();
  }
}
