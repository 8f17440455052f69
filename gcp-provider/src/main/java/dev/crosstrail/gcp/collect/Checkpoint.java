package dev.crosstrail.gcp.collect;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;

/**
 * How far one source (a resource name with one filter) has been collected.
 *
 * @param resourceName the resource name read
 * @param selection the filter without its time window
 * @param through every entry with a timestamp before this was collected in an earlier page or run, apart
 *     from late deliveries, which the next run picks up by starting {@code overlap} earlier
 * @param recent the entries already written (or rejected) whose timestamp is at most {@code overlap} before
 *     {@code through}: what the next run skips as duplicates
 * @param pending shard files written under a temporary name whose move to the final name may not have
 *     happened yet (completed when the checkpoint is next loaded)
 */
record Checkpoint(String resourceName, String selection, Instant through, List<Seen> recent,
    List<PendingMove> pending) {

  Checkpoint {
    requireNonNull(resourceName, "resourceName");
    requireNonNull(selection, "selection");
    requireNonNull(through, "through");
    recent = List.copyOf(recent);
    pending = List.copyOf(pending);
  }

  /**
   * An entry already collected: Cloud Logging treats entries with the same {@code insertId} and
   * {@code timestamp} in one log as duplicates.
   */
  record Seen(String insertId, Instant timestamp) {
    Seen {
      requireNonNull(insertId, "insertId");
      requireNonNull(timestamp, "timestamp");
    }
  }

  /** A shard written as {@code temp} that is to become {@code target} (both relative to the output directory). */
  record PendingMove(String temp, String target) {
    PendingMove {
      requireNonNull(temp, "temp");
      requireNonNull(target, "target");
    }
  }
}
