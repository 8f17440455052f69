package dev.crosstrail.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.crosstrail.graph.Attribution;
import dev.crosstrail.graph.PrincipalDirectory;
import dev.crosstrail.graph.PrincipalGraph;
import dev.crosstrail.io.AuditLogs;
import dev.crosstrail.io.MalformedRecordException;
import dev.crosstrail.io.PrincipalDirectories;
import dev.crosstrail.io.ReadOptions;
import dev.crosstrail.model.AuditEvent;
import dev.crosstrail.pipeline.StreamAttribution;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The one-read pipeline over the bundled example data: it must give every record the attribution a
 * graph holding all the records gives, and the origins of the hand-written ground truth.
 */
class StreamAttributionTest {

  private static final Path DATA = Path.of("data");
  private static final List<Path> LOGS = List.of(DATA.resolve("aws"), DATA.resolve("gcp"));

  @TempDir
  Path spill;

  private static PrincipalDirectory directory() {
    return PrincipalDirectories.read(List.of(DATA.resolve("directory")), skipped -> { });
  }

  /** What the sink received, by event id and location: the event (back from the spill) and its attribution. */
  private final Map<String, AuditEvent> sunkEvents = new ConcurrentHashMap<>();

  private Map<String, Attribution> streamed(int parallelism, StreamAttribution.Result[] result) {
    Map<String, Attribution> byId = new ConcurrentHashMap<>();
    ConcurrentLinkedQueue<String> duplicates = new ConcurrentLinkedQueue<>();
    sunkEvents.clear();
    result[0] = StreamAttribution.using(AuditLogs.load().withParallelism(parallelism))
        .directory(directory())
        .spillDirectory(spill)
        .run(LOGS, ReadOptions.strict(), (event, attribution) -> {
          sunkEvents.put(event.id() + "|" + event.location(), event);
          if (byId.put(event.id() + "|" + event.location(), attribution) != null) {
            duplicates.add(event.id());
          }
        });
    assertThat(duplicates).as("records handed to the sink twice").isEmpty();
    return byId;
  }

  @Test
  void givesEveryRecordTheAttributionOfAGraphThatHoldsThemAll() {
    ConcurrentLinkedQueue<AuditEvent> events = new ConcurrentLinkedQueue<>();
    AuditLogs.load().read(LOGS, ReadOptions.strict(), events::add);
    PrincipalGraph whole = PrincipalGraph.builder().directory(directory()).build();
    whole.addAll(events);

    for (int parallelism : new int[] {1, 4}) {
      StreamAttribution.Result[] result = new StreamAttribution.Result[1];
      Map<String, Attribution> streamed = streamed(parallelism, result);

      assertThat(result[0].report().rejected()).isZero();
      assertThat(result[0].attributed()).isEqualTo(result[0].report().normalized()).isEqualTo(events.size());
      assertThat(streamed).hasSize(events.size());
      assertThat(result[0].spillBytes()).isPositive();
      for (AuditEvent e : events) {
        assertThat(sunkEvents.get(e.id() + "|" + e.location())).as("%s back from the spill", e.id()).isEqualTo(e);
        assertThat(streamed.get(e.id() + "|" + e.location()))
            .as("attribution of %s with parallelism %d", e.id(), parallelism)
            .isEqualTo(whole.attribute(e));
      }
    }
  }

  /** Eight copies of the example logs: one reader thread spills enough records for several attribution batches. */
  @Test
  void attributesInBatchesAndEndsWithTheLastPartialOne(@TempDir Path copies) throws IOException {
    for (int i = 0; i < 8; i++) {
      for (Path logs : LOGS) {
        copyTree(logs, copies.resolve("copy-" + i).resolve(logs.getFileName()));
      }
    }
    ConcurrentLinkedQueue<AuditEvent> events = new ConcurrentLinkedQueue<>();
    AuditLogs.load().read(LOGS, ReadOptions.strict(), events::add);
    PrincipalGraph whole = PrincipalGraph.builder().directory(directory()).build();
    whole.addAll(events);
    Map<String, Attribution> expected = new ConcurrentHashMap<>();
    events.forEach(e -> expected.put(copyKey(e, DATA), whole.attribute(e)));

    List<String> mismatches = new ArrayList<>();
    StreamAttribution.Result r = StreamAttribution.using(AuditLogs.load().withParallelism(1))
        .directory(directory())
        .spillDirectory(spill)
        .run(List.of(copies), ReadOptions.strict(), (event, attribution) -> {
          Path copy = copies.resolve(copies.relativize(Path.of(event.location().source())).getName(0));
          if (!attribution.equals(expected.get(copyKey(event, copy)))) {
            mismatches.add(event.id() + " in " + event.location());
          }
        });

    assertThat(r.attributed()).isEqualTo(8L * events.size()).isEqualTo(r.report().normalized())
        .as("more than one batch of 256, and not a multiple of it").isGreaterThan(256);
    assertThat(r.attributed() % 256).isNotZero();
    assertThat(mismatches).isEmpty();
  }

  /** A record by its id and its place in the tree under {@code root} (the same in every copy). */
  private static String copyKey(AuditEvent e, Path root) {
    return e.id() + "|" + root.relativize(Path.of(e.location().source())) + "|" + e.location().index();
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        Path target = to.resolve(from.relativize(f).toString());
        if (Files.isDirectory(f)) {
          Files.createDirectories(target);
        } else {
          Files.copy(f, target);
        }
      }
    }
  }

  @Test
  void answersTheGroundTruthOrigins() {
    StreamAttribution.Result[] result = new StreamAttribution.Result[1];
    Map<String, Attribution> byKey = streamed(2, result);
    Map<String, Attribution> byId = new ConcurrentHashMap<>();
    byKey.forEach((key, a) -> byId.put(key.substring(0, key.indexOf('|')), a));

    for (ExampleStoriesTest.Row row : ExampleStoriesTest.expectations()) {
      Attribution a = byId.get(row.eventId());
      assertThat(a).as("attribution of %s", row.eventId()).isNotNull();
      assertThat(a.origin().id()).as("origin of %s (%s)", row.eventId(), row.note()).isEqualTo(row.originId());
      assertThat(a.originKind().name().toLowerCase(Locale.ROOT)).as("origin kind of %s", row.eventId())
          .isEqualTo(row.originKind());
      assertThat(ExampleStoriesTest.evidence(a)).as("hop evidence of %s", row.eventId()).isEqualTo(row.hopEvidence());
    }
  }

  @Test
  void leavesNoSpillBehindWhenItSucceedsOrFails() throws IOException {
    streamed(2, new StreamAttribution.Result[1]);
    assertThat(listing(spill)).isEmpty();

    Path broken = Files.createDirectories(spill.resolve("in")).resolve("broken.json");
    Files.writeString(broken, "{\"Records\":[{\"eventVersion\":\"1.08\"}]}");
    Path work = Files.createDirectories(spill.resolve("work"));
    assertThatThrownBy(() -> StreamAttribution.using(AuditLogs.load()).spillDirectory(work)
        .run(List.of(DATA.resolve("aws"), broken), ReadOptions.strict(), (event, attribution) -> { }))
        .isInstanceOf(MalformedRecordException.class)
        .hasMessageContaining("broken.json");
    assertThat(listing(work)).isEmpty();
  }

  @Test
  void aFailingSinkEndsTheRunWithItsExceptionAndNothingRunsAfterIt() throws Exception {
    Path work = Files.createDirectories(spill.resolve("sink-fails"));
    java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();

    assertThatThrownBy(() -> StreamAttribution.using(AuditLogs.load().withParallelism(4)).spillDirectory(work)
        .run(LOGS, ReadOptions.strict(), (event, attribution) -> {
          if (calls.incrementAndGet() == 10) {
            throw new IllegalStateException("the report's disk is full");
          }
        }))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("the report's disk is full");
    int afterThrow = calls.get();
    Thread.sleep(200);

    assertThat(calls.get()).as("sink calls after run() threw").isEqualTo(afterThrow);
    assertThat(listing(work)).isEmpty();
  }

  private static List<Path> listing(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.toList();
    }
  }
}
