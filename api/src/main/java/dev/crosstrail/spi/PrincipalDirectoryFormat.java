package dev.crosstrail.spi;

import dev.crosstrail.graph.PrincipalDirectory;
import java.io.IOException;
import java.io.InputStream;

/**
 * What a cloud provider module implements so that crosstrail can read directory files: listings
 * that resolve ids the logs leave opaque, such as {@code aws iam list-roles} output
 * ({@code AROAZ3RCLG2HGFGWF3LPI} → {@code arn:aws:iam::111111111111:role/kawanago-crosscloud-test}) or
 * {@code gcloud iam service-accounts list --format=json} output ({@code 100000000000000000001} →
 * {@code kawanago-crosscloud-test-1@my-gcp-project.iam.gserviceaccount.com}). Implementations are found
 * with {@link java.util.ServiceLoader} (declare them in
 * {@code META-INF/services/dev.crosstrail.spi.PrincipalDirectoryFormat}); callers normally use
 * {@link dev.crosstrail.io.PrincipalDirectories}.
 *
 * <p>The format is recognised from the content, never from the file name, in the same call that
 * reads it, so that one pass over a stream both sniffs and parses.
 */
public interface PrincipalDirectoryFormat {

  /**
   * The most bytes {@link #read} may look at before it decides that the content is not its format.
   * A caller that wants to try another format on the same stream marks it with at least this limit.
   */
  int SNIFF_LIMIT = 64 * 1024;

  /**
   * What this format accepts, in words a user can act on, for example
   * {@code "aws iam list-users, list-roles or get-account-authorization-details output (JSON)"}.
   */
  String description();

  /**
   * Reads one directory source into {@code into} if it is in this format.
   *
   * <p>The contract, for implementations and callers alike:
   * <ul>
   *   <li>{@code in} is positioned at the start of the (already decompressed) content and
   *       {@linkplain InputStream#markSupported() supports mark and reset}.
   *   <li>To decide, the implementation calls {@code in.mark(SNIFF_LIMIT)}, reads at most
   *       {@link #SNIFF_LIMIT} bytes and calls {@code in.reset()}. When the content is not its format
   *       it returns {@code false}, having added nothing to {@code into} and left {@code in} at the
   *       start, so the caller can offer the same stream to the next format.
   *   <li>When it recognises the content it streams the whole source, one entry at a time (directory
   *       files can list thousands of principals), adds every entry to {@code into} and returns
   *       {@code true}. Content that is recognised but broken (bad JSON, an entry without its id)
   *       is an error, never skipped: the user named the file.
   *   <li>It does not close {@code in}.
   * </ul>
   *
   * @param source the name to report in errors (a path)
   * @param in the content, supporting mark and reset
   * @param into receives the entries; its own conflicts (one id, two values) propagate as
   *     {@link IllegalArgumentException}
   * @return whether the content was this format (and has been read)
   * @throws dev.crosstrail.io.CrossTrailException when the content is this format but malformed,
   *     naming the source and the line and column
   * @throws IOException when reading the stream itself fails
   */
  boolean read(String source, InputStream in, PrincipalDirectory.Builder into) throws IOException;
}
