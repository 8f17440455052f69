package dev.crosstrail.aws.collect;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How far one source has been collected.
 *
 * @param collectedUntil the end of the last window collected completely; the next window starts at
 *     this minus the overlap
 * @param seen ids already written (eventID, or S3 key) with their time (event time, or the day of the
 *     key's prefix), kept while they can reappear in an overlapping window
 * @param pending files being moved into place with the ids they hold: the ids count as seen only
 *     if the file exists, so a run killed between the two steps neither loses nor repeats records
 * @param firstStart until a window is collected completely, where the first one started: a first run
 *     that fails part-way is resumed from there, not from the next run's own default start (a day
 *     before its end), which would skip what the first run left
 */
record Checkpoint(Optional<Instant> collectedUntil, Map<String, Instant> seen, List<Pending> pending,
    Optional<Instant> firstStart) {

  static final Checkpoint EMPTY = new Checkpoint(Optional.empty(), Map.of(), List.of());

  Checkpoint {
    requireNonNull(collectedUntil, "collectedUntil");
    seen = Map.copyOf(seen);
    pending = List.copyOf(pending);
    requireNonNull(firstStart, "firstStart");
  }

  /** A checkpoint with no first start to remember. */
  Checkpoint(Optional<Instant> collectedUntil, Map<String, Instant> seen, List<Pending> pending) {
    this(collectedUntil, seen, pending, Optional.empty());
  }

  /**
   * A file about to be committed.
   *
   * @param file the file's path relative to the output directory, with {@code /} separators
   * @param ids the ids it holds, with their times
   */
  record Pending(String file, Map<String, Instant> ids) {
    Pending {
      requireNonNull(file, "file");
      ids = Map.copyOf(ids);
    }
  }
}
