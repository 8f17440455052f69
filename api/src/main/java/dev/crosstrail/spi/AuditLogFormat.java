package dev.crosstrail.spi;

import dev.crosstrail.io.ReadOptions;
import dev.crosstrail.io.SourceSummary;
import dev.crosstrail.io.Tally;
import dev.crosstrail.model.AuditEvent;
import dev.crosstrail.model.Cloud;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * What a cloud provider module implements so that crosstrail can read its logs: recognise a
 * source from its first bytes, then stream it record by record through the provider's normalizer.
 * Implementations are found with {@link java.util.ServiceLoader} (declare them in
 * {@code META-INF/services/dev.crosstrail.spi.AuditLogFormat}).
 */
public interface AuditLogFormat {

  /** The cloud whose logs this reads. */
  Cloud cloud();

  /**
   * Looks at the first bytes of a source (already decompressed) and names the format when this
   * provider reads it, for example {@code cloudtrail-log-file}; empty when it does not. The head may
   * end in the middle of a record.
   */
  Optional<String> recognize(byte[] head, int length);

  /**
   * Reads every record of one source, in order, passing each normalized event to {@code sink} and
   * counting every record in {@code tally}, as an event or a rejection (in strict mode the first bad
   * record throws {@link dev.crosstrail.io.MalformedRecordException}). The tally names the source (for
   * locations and errors) and holds the read options; it may pass each rejection on to a listener, so
   * count every one through it. Does not close {@code in}.
   *
   * @param in the decompressed bytes of the source
   * @return the tally's summary once the source is read
   * @throws IOException only when reading the stream itself fails before any record could be counted
   */
  SourceSummary read(InputStream in, Tally tally, Consumer<AuditEvent> sink) throws IOException;

  /**
   * {@link #read(InputStream, Tally, Consumer)} with a tally of its own.
   *
   * @param source the name to report in locations and errors (a path or object key)
   */
  default SourceSummary read(String source, InputStream in, ReadOptions options, Consumer<AuditEvent> sink)
      throws IOException {
    return read(in, new Tally(source, options), sink);
  }
}
