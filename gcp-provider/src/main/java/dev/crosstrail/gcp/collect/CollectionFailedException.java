package dev.crosstrail.gcp.collect;

import static java.util.Objects.requireNonNull;

import dev.crosstrail.io.CrossTrailException;

/**
 * Cloud Logging kept failing while a resource was collected, after the retries. What the run had
 * fetched and written by then is committed and checkpointed, and {@link #partial()} counts it, so that a
 * summary does not report a resource that wrote entries as having written none.
 */
public final class CollectionFailedException extends CrossTrailException {
  private static final long serialVersionUID = 1L;

  private final transient SourceResult partial;

  CollectionFailedException(String message, SourceResult partial, Throwable cause) {
    super(message, cause);
    this.partial = requireNonNull(partial, "partial");
  }

  /** The resource's pages, entries and files up to the failure: all of them written and checkpointed. */
  public SourceResult partial() {
    return partial;
  }
}
