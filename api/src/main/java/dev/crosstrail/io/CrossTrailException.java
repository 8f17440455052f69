package dev.crosstrail.io;

/** The root of every exception crosstrail throws on purpose. */
public class CrossTrailException extends RuntimeException {

  public CrossTrailException(String message) {
    super(message);
  }

  public CrossTrailException(String message, Throwable cause) {
    super(message, cause);
  }
}
