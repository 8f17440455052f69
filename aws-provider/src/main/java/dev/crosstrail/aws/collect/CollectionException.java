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

  /**
   * What an SDK failure means for the user: for missing credentials, what to set (the SDK's own message
   * lists every provider of its chain, a screenful that says nothing about what to do); else the SDK's.
   */
  static String explain(software.amazon.awssdk.core.exception.SdkException e) {
    String message = String.valueOf(e.getMessage());
    if (message.startsWith("Unable to load credentials")) {
      return "no AWS credentials were found (environment, profile, container or instance metadata): set"
          + " AWS_PROFILE, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or name a profile for the account"
          + " (--account ID:profile=NAME; AwsAccount.of(id, CredentialSource.profile(NAME)) in the library)";
    }
    return message;
  }

  /** What was kept of a source that failed after {@code done} pages or objects. */
  static String kept(int done, String what) {
    return done == 0 ? "Nothing was written: run again once the cause is mended."
        : what + " before it are written and checkpointed: run again to collect the rest.";
  }
}
