package dev.crosstrail.gcp.collect;

import static java.util.Objects.requireNonNull;

import dev.crosstrail.io.SourceSummary;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * What collecting one resource name gave.
 *
 * @param resourceName {@code projects/my-project}, {@code folders/123456789012} or {@code organizations/123456789012}
 * @param filter the filter sent, time window included
 * @param from the window start (inclusive), already moved back by the overlap when a checkpoint was used
 * @param to the window end (exclusive)
 * @param pages pages fetched
 * @param fetched entries received from Cloud Logging
 * @param duplicates entries skipped because an earlier run (or page) already wrote them
 * @param written entries written to the output directory
 * @param files the shard files written, in order
 * @param summary the normalizer's count of the written and unconvertible entries: {@code read} counts
 *     {@code fetched - duplicates}; entries that are no audit records or cannot be converted are rejections
 */
public record SourceResult(String resourceName, String filter, Instant from, Instant to, int pages, long fetched,
    long duplicates, long written, List<Path> files, SourceSummary summary) {

  public SourceResult {
    requireNonNull(resourceName, "resourceName");
    requireNonNull(filter, "filter");
    requireNonNull(from, "from");
    requireNonNull(to, "to");
    files = List.copyOf(files);
    requireNonNull(summary, "summary");
  }
}
