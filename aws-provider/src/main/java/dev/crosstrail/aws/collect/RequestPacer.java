package dev.crosstrail.aws.collect;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Spaces the requests of one (account, region) at least {@code interval} apart: a token bucket of
 * capacity one. Every attempt, retries included, takes a token. Time and sleeping are injected so
 * tests never wait on the wall clock.
 */
final class RequestPacer {

  /** Sleeps for a number of nanoseconds. */
  @FunctionalInterface
  interface Sleeper {
    Sleeper SYSTEM = nanos -> Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));

    void sleep(long nanos) throws InterruptedException;
  }

  private final long intervalNanos;
  private final LongSupplier ticker;
  private final Sleeper sleeper;
  private long next;
  private boolean started;

  RequestPacer(Duration interval, LongSupplier ticker, Sleeper sleeper) {
    this.intervalNanos = interval.toNanos();
    this.ticker = ticker;
    this.sleeper = sleeper;
  }

  /** Waits until the next request may go. */
  synchronized void acquire() {
    long now = ticker.getAsLong();
    if (started && next - now > 0) {
      try {
        sleeper.sleep(next - now);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("Interrupted while pacing requests", e);
      }
      now = ticker.getAsLong();
    }
    next = (started && next - now > 0 ? next : now) + intervalNanos;
    started = true;
  }
}
