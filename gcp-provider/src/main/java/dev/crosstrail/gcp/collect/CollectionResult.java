package dev.crosstrail.gcp.collect;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.List;

/**
 * What one {@link CloudLoggingCollector#collect(CollectionListener)} run gave.
 *
 * @param outputDirectory where the sink-layout files and checkpoints are
 * @param sources one result per resource name, in the order they were configured
 */
public record CollectionResult(Path outputDirectory, List<SourceResult> sources) {

  public CollectionResult {
    requireNonNull(outputDirectory, "outputDirectory");
    sources = List.copyOf(sources);
  }

  /** Entries written by all sources. */
  public long written() {
    return sources.stream().mapToLong(SourceResult::written).sum();
  }

  /** Entries rejected (not convertible, or not audit records) in all sources. */
  public long rejected() {
    return sources.stream().mapToLong(s -> s.summary().rejected()).sum();
  }
}
