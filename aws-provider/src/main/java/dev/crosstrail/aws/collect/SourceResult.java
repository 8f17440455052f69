package dev.crosstrail.aws.collect;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What one source yielded in one run.
 *
 * @param source the source
 * @param windowStart the start of the time window asked for (checkpoint minus overlap, or the configured start)
 * @param windowEnd the end of the window; the next run starts from here minus the overlap
 * @param pages result pages fetched
 * @param recordsWritten event-history records written (0 for a trail bucket, whose files are copied unread)
 * @param duplicatesSkipped records or objects skipped because an earlier run already wrote them
 * @param files files written, in order
 * @param failure why the source stopped early, if it did; its checkpoint then keeps what was committed
 */
public record SourceResult(CollectionSource source, Instant windowStart, Instant windowEnd, int pages,
    long recordsWritten, long duplicatesSkipped, List<Path> files, Optional<CollectionException> failure) {

  public SourceResult {
    requireNonNull(source, "source");
    requireNonNull(windowStart, "windowStart");
    requireNonNull(windowEnd, "windowEnd");
    files = List.copyOf(files);
    requireNonNull(failure, "failure");
  }
}
