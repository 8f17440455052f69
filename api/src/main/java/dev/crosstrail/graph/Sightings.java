package dev.crosstrail.graph;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * When entries named one delegation ({@code serviceAccountDelegationInfo} from one account to the next),
 * kept per principal that came before it in the entry's chain ({@code ""} when the delegation heads the
 * chain) and per hour: the earliest and latest entry of each hour. A walk forward in time can then tell
 * whether an entry named the delegation while a credential was valid, and after whom, in memory bounded
 * by the trail's span in hours, not by its records. Guarded by the graph's lock.
 */
final class Sightings {

  /** Predecessor → epoch hour → {earliest, latest} epoch second seen in that hour. */
  private final Map<String, TreeMap<Long, long[]>> byPredecessor = new HashMap<>();

  void see(String predecessor, Instant t) {
    long second = t.getEpochSecond();
    long[] span = byPredecessor.computeIfAbsent(predecessor, p -> new TreeMap<>())
        .computeIfAbsent(Math.floorDiv(second, 3600), h -> new long[] {second, second});
    span[0] = Math.min(span[0], second);
    span[1] = Math.max(span[1], second);
  }

  /**
   * The earliest and latest entries in {@code [from, until)} whose predecessor passes {@code after}, if
   * any: exact at the ends of each hour seen, and an hour seen inside the window has its entries inside.
   */
  Optional<Instant[]> within(Predicate<String> after, Instant from, Instant until) {
    long lo = from.getEpochSecond();
    long hi = until.getEpochSecond(); // exclusive, as a second: [lo, hi)
    long first = Long.MAX_VALUE;
    long last = Long.MIN_VALUE;
    for (Map.Entry<String, TreeMap<Long, long[]>> p : byPredecessor.entrySet()) {
      if (!after.test(p.getKey())) {
        continue;
      }
      for (long[] span : p.getValue().subMap(Math.floorDiv(lo, 3600), true, Math.floorDiv(hi, 3600), true).values()) {
        for (long s : span) {
          if (s >= lo && s < hi) {
            first = Math.min(first, s);
            last = Math.max(last, s);
          }
        }
      }
    }
    return first == Long.MAX_VALUE ? Optional.empty()
        : Optional.of(new Instant[] {Instant.ofEpochSecond(first), Instant.ofEpochSecond(last)});
  }
}
