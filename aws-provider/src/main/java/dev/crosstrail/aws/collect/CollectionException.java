package dev.crosstrail.aws.collect;

import dev.crosstrail.io.CrossTrailException;

/** A collection source failed; the message names the source and what to do. */
public final class CollectionException extends CrossTrailException {

  private final transient CollectionSource source;

  CollectionException(CollectionSource source, String message, Throwable cause) {
    super(source + ": " + message, cause);
    this.source = source;
  }

  /** The source that failed. */
  public CollectionSource source() {
    return source;
  }
}
