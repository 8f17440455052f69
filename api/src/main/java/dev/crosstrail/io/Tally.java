package dev.crosstrail.io;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Counts one source's records while a reader streams it, and applies the read mode: in lenient mode
 * a bad record becomes a {@link Rejection}, in strict mode a {@link MalformedRecordException}.
 * Readers in every provider use it so that counts add up the same way everywhere. Not thread-safe:
 * one tally per source.
 *
 * <p>A summary keeps the first {@value SourceSummary#MAX_KEPT_REJECTIONS} rejections, so that memory
 * does not grow with a broken file; a listener given to the constructor receives every one as it is
 * counted (in strict mode, the one rejection, just before it is thrown).
 */
public final class Tally {
  private final String source;
  private final ReadOptions options;
  private final Consumer<? super Rejection> listener;
  private final List<Rejection> kept = new ArrayList<>();
  private long read;
  private long normalized;
  private long rejected;
  private String format = "unknown";

  public Tally(String source, ReadOptions options) {
    this(source, options, rejection -> { });
  }

  /**
   * A tally that also passes every rejection to {@code listener}, on the reading thread, as it is counted.
   */
  public Tally(String source, ReadOptions options, Consumer<? super Rejection> listener) {
    this.source = requireNonNull(source, "source");
    this.options = requireNonNull(options, "options");
    this.listener = requireNonNull(listener, "listener");
  }

  /** The source being read. */
  public String source() {
    return source;
  }

  /** The limits and mode the source is read with. */
  public ReadOptions options() {
    return options;
  }

  /** Names the format once the reader has recognised it. */
  public void format(String format) {
    this.format = requireNonNull(format, "format");
  }

  /** Counts one record turned into an event. */
  public void normalized() {
    read++;
    normalized++;
  }

  /**
   * Counts one rejected record. Throws {@link MalformedRecordException} in strict mode.
   *
   * @param cause the underlying parse error, if any (kept as the strict exception's cause)
   */
  public void reject(Rejection rejection, Throwable cause) {
    requireNonNull(rejection, "rejection");
    read++;
    rejected++;
    listener.accept(rejection);
    if (options.mode() == ReadOptions.Mode.STRICT) {
      throw MalformedRecordException.strictRead(rejection, cause);
    }
    if (kept.size() < SourceSummary.MAX_KEPT_REJECTIONS) {
      kept.add(rejection);
    }
  }

  /** Records counted so far; the next record's 0-based index. */
  public long read() {
    return read;
  }

  /** The summary of everything counted. */
  public SourceSummary summary() {
    return new SourceSummary(source, format, read, normalized, rejected, kept);
  }
}
