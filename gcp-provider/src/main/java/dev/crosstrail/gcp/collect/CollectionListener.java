package dev.crosstrail.gcp.collect;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Hears how a collection goes, for example to print progress on stderr. Every method has an empty
 * default; calls come from the collecting thread. Messages never contain credentials or payloads.
 */
public interface CollectionListener {

  /** Hears nothing. */
  CollectionListener NONE = new CollectionListener() {};

  /** A source starts: {@code resourceName} is read with this filter (time window included). */
  default void sourceStarted(String resourceName, String filter) {}

  /** One page of {@code ListLogEntries} arrived with {@code entries} entries (page numbers start at 1). */
  default void pageFetched(String resourceName, int page, int entries) {}

  /** {@code count} entries were written into {@code file} (a new shard) and the checkpoint moved on. */
  default void entriesWritten(String resourceName, Path file, int count) {}

  /**
   * A page request failed and is retried after {@code delay}.
   *
   * @param attempt the attempt that failed, starting at 1
   * @param error what failed, for example {@code RESOURCE_EXHAUSTED: Quota exceeded…}
   */
  default void retrying(String resourceName, int attempt, Duration delay, String error) {}

  /** Something the user should know, for example an entry that could not be converted. */
  default void warning(String resourceName, String message) {}
}
