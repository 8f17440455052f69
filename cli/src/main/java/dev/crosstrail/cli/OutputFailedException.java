package dev.crosstrail.cli;

import java.io.UncheckedIOException;

/**
 * Standard output stopped taking lines (a full disk, a closed pipe). Thrown to stop a run whose
 * output can no longer be written; {@link Main} reports why and exits with
 * {@link Main#EXIT_IO_ERROR}.
 */
final class OutputFailedException extends UncheckedIOException {

  OutputFailedException() {
    super("could not write the output", new java.io.IOException("standard output failed"));
  }
}
