package dev.crosstrail.aws;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.crosstrail.io.MalformedRecordException;
import dev.crosstrail.io.ReadOptions;
import dev.crosstrail.io.Rejection;
import dev.crosstrail.model.AuditEvent;
import dev.crosstrail.model.RecordLocation;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The CloudTrail normalizer as a pure function of one record, for engines that distribute records
 * themselves (one call per record, no shared state but a small cache of Jackson mappers per distinct
 * input limits). The streaming reader
 * ({@link CloudTrailFormat}) uses the same code path.
 *
 * <pre>{@code
 * AuditEvent e = CloudTrail.normalize(recordJson,
 *     new RecordLocation("s3://trail/AWSLogs/123456789012/CloudTrail/us-east-1/2024/05/01/x.json.gz", 17, 1, 48213));
 * e.actor().id();   // arn:aws:sts::123456789012:assumed-role/Deploy/alice
 * e.hops();         // for AssumeRole: caller -> session, with the issued ASIA… key
 * }</pre>
 */
public final class CloudTrail {

  private static final ObjectMapper DEFAULT_MAPPER = Jackson.mapper(ReadOptions.DEFAULTS);

  /** Distinct input limits whose mapper is kept; callers with more distinct limits get one built per call. */
  static final int MAX_CACHED_MAPPERS = 16;

  /**
   * Mappers by input limits (the mode set to lenient: it does not change the mapper), so that one call
   * per record does not build a mapper per record. Bounded; mappers are thread-safe once built.
   */
  private static final ConcurrentHashMap<ReadOptions, ObjectMapper> MAPPERS = new ConcurrentHashMap<>();

  private CloudTrail() {}

  /**
   * Normalizes one record with the default input limits ({@link ReadOptions#DEFAULTS}).
   *
   * @param recordJson a CloudTrail record, or the same record wrapped as an EventBridge event
   *     ({@code {"detail-type": "AWS API Call via CloudTrail", "detail": {…}}}) or a lookup-events item
   *     ({@code {"EventId": …, "CloudTrailEvent": "<record as a JSON string>"}})
   * @param where where the record was read, reported in the event and in errors
   * @throws MalformedRecordException when the text is not JSON, not an object, lacks
   *     {@code eventTime}/{@code eventID}/{@code eventSource}/{@code eventName}, has a field of the
   *     wrong type, exceeds the input limits, or holds a value the normalizer cannot use (then the
   *     reason starts with {@code unexpected value}); never another exception for bad input. Its
   *     {@link MalformedRecordException#rejection()} says which
   */
  public static AuditEvent normalize(String recordJson, RecordLocation where) {
    return normalize(recordJson, where, DEFAULT_MAPPER);
  }

  /**
   * Normalizes one record with the input limits of {@code options} (its mode is ignored: a bad record
   * always throws here).
   *
   * @throws MalformedRecordException as {@link #normalize(String, RecordLocation)}
   */
  public static AuditEvent normalize(String recordJson, RecordLocation where, ReadOptions options) {
    Objects.requireNonNull(options, "options");
    return normalize(recordJson, where, mapper(options));
  }

  /** The mapper for these limits: the defaults' shared one, a cached one, or (past the bound) a new one. */
  static ObjectMapper mapper(ReadOptions options) {
    ReadOptions limits = options.withMode(ReadOptions.Mode.LENIENT);
    if (limits.equals(ReadOptions.DEFAULTS)) {
      return DEFAULT_MAPPER;
    }
    ObjectMapper cached = MAPPERS.get(limits);
    if (cached != null) {
      return cached;
    }
    if (MAPPERS.size() >= MAX_CACHED_MAPPERS) {
      return Jackson.mapper(limits);
    }
    return MAPPERS.computeIfAbsent(limits, Jackson::mapper);
  }

  private static AuditEvent normalize(String recordJson, RecordLocation where, ObjectMapper mapper) {
    Objects.requireNonNull(recordJson, "recordJson");
    Objects.requireNonNull(where, "where");
    JsonNode node;
    try {
      node = mapper.readTree(recordJson);
    } catch (JsonProcessingException e) {
      throw new MalformedRecordException(new Rejection(where, Jackson.explain(e), excerpt(recordJson)), e);
    }
    if (node == null || node.isMissingNode()) {
      throw new MalformedRecordException(new Rejection(where, "empty input: expected a CloudTrail record",
          Optional.empty()));
    }
    Optional<String> misdirected = misdirected(node);
    if (misdirected.isPresent()) {
      throw new MalformedRecordException(new Rejection(where, misdirected.get(), excerpt(recordJson)));
    }
    BadRecord bad;
    try {
      return Normalizer.element(node, where, mapper);
    } catch (BadRecord e) {
      bad = e;
    } catch (RuntimeException e) {
      bad = BadRecord.unexpected(e); // a value no check foresaw: still a bad record, never another exception
    }
    Rejection rejection = new Rejection(where, bad.getMessage(), Optional.empty());
    throw bad.getCause() == null ? new MalformedRecordException(rejection)
        : new MalformedRecordException(rejection, bad.getCause());
  }

  /**
   * What a single record handed to the wrong call is, and the call to use: the reader's own reasons speak
   * of files ("keep each cloud's records in files of their own"), which one record does not have.
   */
  private static Optional<String> misdirected(JsonNode node) {
    if (node.isObject() && (node.has("logName") || node.has("protoPayload")) && !node.has("eventID")) {
      return Optional.of("a Cloud Audit Log entry (it has logName/protoPayload), not a CloudTrail record:"
          + " normalize it with CloudAuditLogs.normalize");
    }
    JsonNode records = node.get("Records");
    if (node.isObject() && records != null && records.isArray()) {
      return Optional.of("a trail file's {\"Records\":[…]} object holding " + records.size() + " records:"
          + " normalize takes one record; read whole files with AuditLogs.load().read(…)");
    }
    return Optional.empty();
  }

  private static Optional<String> excerpt(String text) {
    String s = text.strip();
    return s.isEmpty() ? Optional.empty() : Optional.of(s.substring(0, Math.min(s.length(), Rejection.MAX_EXCERPT)));
  }
}
