package dev.crosstrail.aws;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.crosstrail.io.ReadOptions;
import dev.crosstrail.io.Rejection;
import dev.crosstrail.io.SourceSummary;
import dev.crosstrail.io.Tally;
import dev.crosstrail.model.AuditEvent;
import dev.crosstrail.model.Cloud;
import dev.crosstrail.model.RecordLocation;
import dev.crosstrail.spi.AuditLogFormat;
import dev.crosstrail.spi.Head;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Consumer;

/**
 * AWS CloudTrail as an {@link AuditLogFormat}, found by {@link java.util.ServiceLoader} when
 * {@code dev.crosstrail:crosstrail-aws} is on the class path. Recognises, from content alone:
 * <ul>
 *   <li>{@code cloudtrail-log-file}: S3 trail files {@code {"Records":[…]}};</li>
 *   <li>{@code cloudtrail-lookup-events}: {@code aws cloudtrail lookup-events} output
 *       {@code {"Events":[{…, "CloudTrailEvent": "…"}], "NextToken": …}} (or an array of such items);</li>
 *   <li>{@code cloudtrail-json-lines}: one record per line (also Logstash exports with {@code @timestamp});</li>
 *   <li>{@code cloudtrail-lookup-events-lines}: one lookup-events item per line;</li>
 *   <li>{@code cloudtrail-eventbridge}: {@code {"detail-type": "AWS API Call via CloudTrail", "detail": {…}}},
 *       single, in an array or one per line;</li>
 *   <li>{@code cloudtrail-json-array}: a JSON array of records;</li>
 *   <li>{@code cloudtrail-record}: one record object.</li>
 * </ul>
 *
 * <pre>{@code
 * AuditLogs logs = AuditLogs.of(List.of(new CloudTrailFormat()));
 * SourceSummary s = logs.read(Path.of("123456789012_CloudTrail_us-east-1_20240501T0000Z_abc.json.gz"),
 *     ReadOptions.DEFAULTS, events::add);
 * }</pre>
 *
 * <p>Instances are thread-safe: each {@link #read} has its own parser and tally.
 */
public final class CloudTrailFormat implements AuditLogFormat {

  private static final int HEAD_BYTES = 64 * 1024;

  private final ConcurrentMap<ReadOptions, ObjectMapper> mappers = new ConcurrentHashMap<>();

  /** The format; used by {@link java.util.ServiceLoader} and by callers that list formats themselves. */
  public CloudTrailFormat() {}

  /** {@link Cloud#AWS}. */
  @Override
  public Cloud cloud() {
    return Cloud.AWS;
  }

  /**
   * Names the CloudTrail shape of a source's first bytes, for example {@code cloudtrail-log-file};
   * empty for anything else, including GCP {@code LogEntry} content ({@code logName}, {@code insertId},
   * {@code protoPayload}).
   */
  @Override
  public Optional<String> recognize(byte[] head, int length) {
    Objects.requireNonNull(head, "head");
    return Recognizer.recognize(mapper(ReadOptions.DEFAULTS).getFactory(), head, Math.min(length, head.length))
        .map(r -> r.shape().wireName);
  }

  /**
   * Streams every record of one source through the normalizer. Broken JSON, a truncated gzip stream,
   * records of the wrong shape and records exceeding {@code options}' limits become rejections with
   * their location (in strict mode: {@link dev.crosstrail.io.MalformedRecordException}). Does not close
   * {@code in}.
   */
  @Override
  public SourceSummary read(InputStream in, Tally tally, Consumer<AuditEvent> sink) throws IOException {
    Objects.requireNonNull(in, "in");
    Objects.requireNonNull(tally, "tally");
    Objects.requireNonNull(sink, "sink");
    String source = tally.source();
    ReadOptions options = tally.options();
    ObjectMapper mapper = mapper(options);
    BufferedInputStream buffered = new BufferedInputStream(in, HEAD_BYTES + 1);
    buffered.mark(HEAD_BYTES + 1);
    // a truncated gzip may break inside the head: the complete records before the break are still read
    Head read = Head.read(buffered, HEAD_BYTES);
    byte[] head = read.bytes();
    int length = read.length();
    IOException broken = read.broken().orElse(null);
    buffered.reset();
    Optional<Recognizer.Recognition> recognition = Recognizer.recognize(mapper.getFactory(), head, length);
    if (recognition.isEmpty() && broken != null) {
      // the break may cut the last line: recognise the complete ones before it
      recognition = Recognizer.recognize(mapper.getFactory(), head, read.completeLines());
    }
    if (recognition.isEmpty() && broken != null) {
      tally.format(SourceSummary.UNRECOGNIZED);
      tally.reject(new Rejection(new RecordLocation(source, 0, 1, 0), "the input broke off in its first "
          + length + " bytes (" + broken.getClass().getSimpleName() + ": " + broken.getMessage()
          + "); a truncated or corrupt gzip file?", Optional.empty()), broken);
      return tally.summary();
    }
    if (recognition.isEmpty()) {
      tally.format(SourceSummary.UNRECOGNIZED);
      tally.reject(new Rejection(new RecordLocation(source, 0, 1, 0), "not CloudTrail content (expected "
          + "{\"Records\":[…]}, lookup-events output, EventBridge events, an array of records or one record per line)",
          Optional.empty()), null);
      return tally.summary();
    }
    Recognizer.Shape shape = recognition.get().shape();
    tally.format(shape.wireName);
    CloudTrailReader reader = new CloudTrailReader(mapper, tally, sink, options.maxStringLength());
    if (recognition.get().lines()) {
      reader.readLines(buffered);
    } else {
      reader.readDocument(buffered, shape == Recognizer.Shape.LOG_FILE || shape == Recognizer.Shape.LOOKUP_EVENTS);
    }
    return tally.summary();
  }

  private ObjectMapper mapper(ReadOptions options) {
    // the mode does not change the mapper
    return mappers.computeIfAbsent(options.withMode(ReadOptions.Mode.LENIENT), Jackson::mapper);
  }
}
