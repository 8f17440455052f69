package dev.crosstrail.bench.jmh;

import dev.crosstrail.aws.CloudTrail;
import dev.crosstrail.gcp.CloudAuditLogs;
import dev.crosstrail.model.AuditEvent;
import dev.crosstrail.model.RecordLocation;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Per-record cost of each normalizer on generated records (a mix of ordinary actions and identity
 * records, as in a real trail), through the providers' public per-record functions.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class NormalizeBenchmark {
  private static final RecordLocation WHERE = new RecordLocation("jmh", 0, 1, 0);
  private List<String> cloudTrail;
  private List<String> auditLog;
  private int nextTrail;
  private int nextEntry;

  /** Loads about 20,000 generated records of both clouds. */
  @Setup
  public void setUp() throws IOException {
    Corpus c = Corpus.load(20_000, true, false);
    cloudTrail = c.cloudTrailRecords;
    auditLog = c.auditLogEntries;
  }

  /** One CloudTrail record, from its JSON text to an AuditEvent. */
  @Benchmark
  public AuditEvent cloudTrailRecord() {
    String json = cloudTrail.get(nextTrail);
    nextTrail = nextTrail + 1 == cloudTrail.size() ? 0 : nextTrail + 1;
    return CloudTrail.normalize(json, WHERE);
  }

  /** One Cloud Audit Log entry, from its JSON text to an AuditEvent. */
  @Benchmark
  public AuditEvent cloudAuditLogEntry() {
    String json = auditLog.get(nextEntry);
    nextEntry = nextEntry + 1 == auditLog.size() ? 0 : nextEntry + 1;
    return CloudAuditLogs.normalize(json, WHERE);
  }
}
