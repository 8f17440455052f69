package dev.crosstrail.bench.jmh;

import dev.crosstrail.graph.Attribution;
import dev.crosstrail.graph.PrincipalGraph;
import dev.crosstrail.model.AuditEvent;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The principal graph on generated events: building it from the identity records, attributing one
 * action in stream mode, and tracing one retained action.
 */
@State(Scope.Benchmark)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class GraphBenchmark {

  /** Records in the generated corpus the graph is built from (about 4.5% are identity records). */
  @Param({"100000"})
  public int records;

  private List<AuditEvent> identity;
  private List<AuditEvent> actions;
  private PrincipalGraph streamGraph;
  private PrincipalGraph fullGraph;

  /** Generates and normalizes the corpus, then builds one stream-mode and one retaining graph. */
  @Setup
  public void setUp() throws IOException {
    Corpus c = Corpus.load(records, false, true);
    identity = c.identity;
    actions = c.actions;
    streamGraph = PrincipalGraph.builder().retainActions(false).build();
    identity.forEach(streamGraph::add);
    fullGraph = PrincipalGraph.create();
    identity.forEach(fullGraph::add);
    actions.forEach(fullGraph::add);
  }

  /** Per-thread cursor over the actions. */
  @State(Scope.Thread)
  public static class Cursor {
    int next;

    AuditEvent next(List<AuditEvent> events) {
      AuditEvent e = events.get(next);
      next = next + 1 == events.size() ? 0 : next + 1;
      return e;
    }
  }

  /** Adds every identity record of the corpus to a new stream-mode graph (time per whole build). */
  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  public PrincipalGraph buildFromIdentityRecords() {
    PrincipalGraph g = PrincipalGraph.builder().retainActions(false).build();
    for (AuditEvent e : identity) {
      g.add(e);
    }
    return g;
  }

  /** Attributes one action against the stream-mode graph. */
  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public Attribution attributeOneAction(Cursor cursor) {
    return streamGraph.attribute(cursor.next(actions));
  }

  /** Traces one retained action by its event id. */
  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public void traceOneEvent(Cursor cursor, Blackhole bh) {
    Optional<Attribution> a = fullGraph.trace(cursor.next(actions).id());
    bh.consume(a);
  }
}
