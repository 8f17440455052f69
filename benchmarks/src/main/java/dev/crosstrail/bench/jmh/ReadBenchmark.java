package dev.crosstrail.bench.jmh;

import dev.crosstrail.io.AuditLogs;
import dev.crosstrail.io.ReadOptions;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Per-record cost of reading whole files from memory, the path {@code attribute} and {@code normalize}
 * take (the reader streams records and binds only what the normalizer reads), unlike
 * {@link NormalizeBenchmark}, which binds one whole record from a string. The files hold the same
 * generated records as a trail file ({@code {"Records":[…]}}) and a Cloud Storage sink file (one entry per
 * line), uncompressed, so that the figure is the reader's alone: no gzip, no disk.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ReadBenchmark {
  /** Records in each in-memory file: what {@link OperationsPerInvocation} divides by. */
  private static final int RECORDS = 4_000;

  private AuditLogs logs;
  private byte[] trailFile;
  private byte[] sinkFile;

  @Setup
  public void setUp() throws IOException {
    Corpus c = Corpus.load(40_000, true, false);
    trailFile = ("{\"Records\":[" + String.join(",", c.cloudTrailRecords.subList(0, RECORDS)) + "]}")
        .getBytes(StandardCharsets.UTF_8);
    sinkFile = (String.join("\n", c.auditLogEntries.subList(0, RECORDS)) + "\n").getBytes(StandardCharsets.UTF_8);
    logs = AuditLogs.load().withParallelism(1);
  }

  /** One CloudTrail record of a trail file. */
  @Benchmark
  @OperationsPerInvocation(RECORDS)
  public long cloudTrailFile(Blackhole events) {
    return read("trail.json", trailFile, events);
  }

  /** One Cloud Audit Log entry of a sink file. */
  @Benchmark
  @OperationsPerInvocation(RECORDS)
  public long sinkFile(Blackhole events) {
    return read("sink.json", sinkFile, events);
  }

  private long read(String source, byte[] file, Blackhole events) {
    long normalized = logs.read(source, new ByteArrayInputStream(file), ReadOptions.DEFAULTS, events::consume)
        .normalized();
    if (normalized != RECORDS) {
      throw new IllegalStateException(source + ": " + normalized + " of " + RECORDS + " records normalized");
    }
    return normalized;
  }
}
