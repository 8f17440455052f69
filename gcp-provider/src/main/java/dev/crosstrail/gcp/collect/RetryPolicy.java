package dev.crosstrail.gcp.collect;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * How each {@code ListLogEntries} page request is retried when Cloud Logging answers
 * {@code RESOURCE_EXHAUSTED} (read quota), {@code UNAVAILABLE} (including dropped connections),
 * {@code DEADLINE_EXCEEDED}, {@code INTERNAL}, {@code ABORTED} or {@code CANCELLED} (a stream the
 * server reset): exponential backoff with jitter,
 * handed to the Google client's own retry machinery (gax {@code RetrySettings}).
 *
 * @param initialBackoff the delay before the first retry
 * @param maxBackoff the longest delay between two attempts
 * @param multiplier how much the delay grows after each attempt (at least 1.0)
 * @param maxAttempts attempts per page, the first one included (at least 1)
 * @param attemptTimeout how long one attempt may take
 * @param totalTimeout how long one page may take, all attempts and delays included
 */
public record RetryPolicy(Duration initialBackoff, Duration maxBackoff, double multiplier, int maxAttempts,
    Duration attemptTimeout, Duration totalTimeout) {

  /**
   * 1 s doubling up to 32 s, 8 attempts, 60 s per attempt, 5 minutes per page: rides out the
   * per-minute read quota of {@code entries.list}.
   */
  public static final RetryPolicy DEFAULTS = new RetryPolicy(Duration.ofSeconds(1), Duration.ofSeconds(32), 2.0, 8,
      Duration.ofSeconds(60), Duration.ofMinutes(5));

  public RetryPolicy {
    requireNonNull(initialBackoff, "initialBackoff");
    requireNonNull(maxBackoff, "maxBackoff");
    requireNonNull(attemptTimeout, "attemptTimeout");
    requireNonNull(totalTimeout, "totalTimeout");
    if (initialBackoff.isNegative() || maxBackoff.compareTo(initialBackoff) < 0) {
      throw new IllegalArgumentException("need 0 <= initialBackoff <= maxBackoff, got " + initialBackoff + " and "
          + maxBackoff);
    }
    if (multiplier < 1.0) {
      throw new IllegalArgumentException("multiplier must be at least 1.0, got " + multiplier);
    }
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1, got " + maxAttempts);
    }
    if (attemptTimeout.isNegative() || attemptTimeout.isZero() || totalTimeout.compareTo(attemptTimeout) < 0) {
      throw new IllegalArgumentException("need 0 < attemptTimeout <= totalTimeout, got " + attemptTimeout + " and "
          + totalTimeout);
    }
  }

  /** No retries: the first failure ends the page. */
  public static RetryPolicy none() {
    return new RetryPolicy(Duration.ZERO, Duration.ZERO, 1.0, 1, DEFAULTS.attemptTimeout, DEFAULTS.attemptTimeout);
  }
}
