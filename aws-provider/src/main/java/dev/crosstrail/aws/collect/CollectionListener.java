package dev.crosstrail.aws.collect;

import java.nio.file.Path;

/**
 * Hears how a collection progresses, for example to print progress on stderr. Every method has an
 * empty default; calls come from the collecting thread, one at a time.
 */
public interface CollectionListener {

  /** A listener that ignores everything. */
  CollectionListener NONE = new CollectionListener() {
  };

  /**
   * A page of results arrived: a {@code LookupEvents} page or an S3 listing page.
   *
   * @param page 1 for the first page of this source in this run
   * @param items events or objects on the page
   */
  default void pageFetched(CollectionSource source, int page, int items) {
  }

  /**
   * A file was completed in the output directory.
   *
   * @param records records written for event history; -1 for a trail file copied as it is
   */
  default void fileWritten(CollectionSource source, Path file, long records) {
  }

  /**
   * A request is sent again after a throttling error, a server error or a dropped connection.
   *
   * @param target the service and account/region or bucket, for example {@code cloudtrail 123456789012/us-east-1}
   * @param attempt 2 for the first retry
   * @param reason why the previous attempt failed, for example {@code HTTP 429} or {@code connection error}
   */
  default void retrying(String target, int attempt, String reason) {
  }

  /** Something the user should know, for example that us-east-1 was added. */
  default void warning(String message) {
  }
}
