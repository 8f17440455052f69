package dev.crosstrail.gcp;

import dev.crosstrail.io.ReadOptions;
import dev.crosstrail.io.SourceSummary;
import dev.crosstrail.io.Tally;
import dev.crosstrail.model.AuditEvent;
import dev.crosstrail.model.Cloud;
import dev.crosstrail.spi.AuditLogFormat;
import java.io.InputStream;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Reads Google Cloud Audit Logs: found by {@link java.util.ServiceLoader} through
 * {@code META-INF/services/dev.crosstrail.spi.AuditLogFormat}, or passed explicitly:
 *
 * <pre>{@code
 * AuditLogs logs = AuditLogs.of(List.of(new CloudAuditLogFormat()));
 * ReadReport report = logs.read(List.of(Path.of("cloudaudit.googleapis.com")), ReadOptions.DEFAULTS, events::add);
 * }</pre>
 *
 * <p>Recognised from content, never from file names:
 * <ul>
 *   <li>{@code gcloud-logging-read}: a JSON array of LogEntry objects ({@code gcloud logging read --format=json});
 *   <li>{@code gcs-sink-json-lines}: one LogEntry per line, as a Cloud Storage sink writes
 *       {@code cloudaudit.googleapis.com/activity/2024/05/01/10:00:00_10:59:59_S0.json};
 *   <li>{@code pubsub-message}: Pub/Sub push envelopes {@code {"message": {"data": "<base64 LogEntry>", …},
 *       "subscription": …}} or bare messages {@code {"data": …, "attributes": …}}, one per file or one per line;
 *       a message whose data is not a LogEntry is rejected with that reason;
 *   <li>{@code log-entry}: a single LogEntry object (pretty-printed or not).
 * </ul>
 * CloudTrail content ({@code Records}, {@code eventVersion}, {@code eventID}, {@code CloudTrailEvent},
 * {@code detail-type}) is never claimed.
 *
 * <p>Reading streams: one entry is bound at a time. In a line-per-entry source a malformed line is
 * rejected and reading resumes at the next line; in an array or pretty-printed document a syntax
 * error (or a string / nesting depth beyond {@link ReadOptions}) rejects the rest of the source as one
 * rejection at the byte offset of the record where it happened, and reading stops. A stream that
 * ends early (a truncated gzip file: {@code EOFException}, {@code ZipException}) becomes one rejection
 * naming how many decompressed bytes were read. Entries are normalized by
 * {@link CloudAuditLogs#normalize(String, dev.crosstrail.model.RecordLocation)}'s rules.
 */
public final class CloudAuditLogFormat implements AuditLogFormat {

  /** A format reading with its own Jackson setup; {@link java.util.ServiceLoader} calls this. */
  public CloudAuditLogFormat() {}

  /** {@link Cloud#GCP}. */
  @Override
  public Cloud cloud() {
    return Cloud.GCP;
  }

  /**
   * Names the format of a head ({@code gcloud-logging-read}, {@code gcs-sink-json-lines},
   * {@code pubsub-message} or {@code log-entry}), or empty when it is not Cloud Audit Log content.
   */
  @Override
  public Optional<String> recognize(byte[] head, int length) {
    Objects.requireNonNull(head, "head");
    return Shape.detect(GcpJson.of(ReadOptions.DEFAULTS).factory(), head, Math.min(length, head.length))
        .map(Shape::format);
  }

  /** Streams every entry of {@code in} (already decompressed) to {@code sink}. Does not close {@code in}. */
  @Override
  public SourceSummary read(InputStream in, Tally tally, Consumer<AuditEvent> sink) {
    Objects.requireNonNull(in, "in");
    Objects.requireNonNull(tally, "tally");
    Objects.requireNonNull(sink, "sink");
    return new EntryReader(tally, sink, EntryNormalizer::normalize, true).read(in);
  }

  @Override
  public String toString() {
    return "CloudAuditLogFormat[gcp]";
  }
}
