package dev.crosstrail.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crosstrail.graph.Attribution;
import dev.crosstrail.graph.PrincipalGraph;
import dev.crosstrail.io.AuditLogs;
import dev.crosstrail.io.PrincipalDirectories;
import dev.crosstrail.io.ReadOptions;
import dev.crosstrail.io.ReadReport;
import dev.crosstrail.model.AuditEvent;
import dev.crosstrail.model.Evidence;
import dev.crosstrail.model.Hop;
import dev.crosstrail.model.HopMechanism;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The bundled example data against its hand-written ground truth, {@code data/expected.tsv}: for every
 * record listed there, the origin, its kind and the evidence of each hop must be what the table says.
 * The table was written from the records, not from crosstrail's output.
 */
class ExampleStoriesTest {

  private static final Path DATA = Path.of("data");
  private static final List<AuditEvent> EVENTS = new ArrayList<>();
  private static ReadReport report;

  @BeforeAll
  static void readExampleLogs() {
    ConcurrentLinkedQueue<AuditEvent> events = new ConcurrentLinkedQueue<>();
    report = AuditLogs.load().read(List.of(DATA.resolve("aws"), DATA.resolve("gcp")), ReadOptions.strict(), events::add);
    EVENTS.addAll(events);
  }

  @Test
  void everyExampleRecordNormalizes() {
    assertThat(report.rejected()).isZero();
    assertThat(report.normalized()).isEqualTo(EVENTS.size()).isEqualTo(expectations().size());
  }

  @TestFactory
  Stream<DynamicTest> everyListedRecordHasTheExpectedOrigin() {
    PrincipalGraph graph = PrincipalGraph.builder()
        .directory(PrincipalDirectories.read(List.of(DATA.resolve("directory")), skipped -> { })).build();
    graph.addAll(EVENTS);
    return expectations().stream().map(row -> DynamicTest.dynamicTest(row.note(), () -> {
      Optional<Attribution> found = graph.trace(row.eventId());
      assertThat(found).as("trace of %s", row.eventId()).isPresent();
      Attribution a = found.get();
      assertThat(a.actor().id()).as("actor").isEqualTo(row.actor());
      assertThat(a.origin().id()).as("origin of %s", row.eventId()).isEqualTo(row.originId());
      assertThat(a.originKind().name().toLowerCase(Locale.ROOT)).as("origin kind").isEqualTo(row.originKind());
      assertThat(evidence(a)).as("hop evidence, origin first").isEqualTo(row.hopEvidence());
    }));
  }

  /**
   * The evidence ids of each hop, origin first, copies of one hop joined by '+'. SAME_IDENTITY hops
   * (a web-identity subject that is a service account's unique id) rest on an id mapping rather than
   * one record, so they are left out here and checked for their reason instead.
   */
  static String evidence(Attribution a) {
    assertThat(a.hops()).filteredOn(h -> h.mechanism() == HopMechanism.SAME_IDENTITY)
        .allSatisfy(h -> assertThat(h.reason()).isPresent());
    return a.hops().stream()
        .filter(h -> h.mechanism() != HopMechanism.SAME_IDENTITY)
        .map(Hop::evidence)
        .map(ev -> ev.stream().map(Evidence::eventId).collect(Collectors.joining("+")))
        .collect(Collectors.joining(","));
  }

  record Row(String cloud, String eventId, String actor, String originId, String originKind, String hopEvidence,
      String note) {
  }

  static List<Row> expectations() {
    try (Stream<String> lines = Files.lines(DATA.resolve("expected.tsv"))) {
      return lines.skip(1).filter(l -> !l.isBlank()).map(l -> l.split("\t", -1))
          .map(f -> new Row(f[0], f[1], f[2], f[3], f[4], f[5], f[6])).toList();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
