package dev.crosstrail.bench.jmh;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.crosstrail.bench.CorpusGenerator;
import dev.crosstrail.bench.WholeRun;
import dev.crosstrail.io.AuditLogs;
import dev.crosstrail.io.ReadOptions;
import dev.crosstrail.model.AuditEvent;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** A generated corpus loaded for the microbenchmarks: raw records of each cloud and normalized events. */
final class Corpus {
  final List<String> cloudTrailRecords = new ArrayList<>();
  final List<String> auditLogEntries = new ArrayList<>();
  final List<AuditEvent> identity = new ArrayList<>();
  final List<AuditEvent> actions = new ArrayList<>();

  private Corpus() {}

  /** Generates {@code records} records with seed 42 in a temporary directory and loads them. */
  static Corpus load(int records, boolean raw, boolean events) throws IOException {
    Path dir = Files.createTempDirectory("crosstrail-jmh");
    try {
      new CorpusGenerator(42, records, dir).generate();
      Corpus c = new Corpus();
      List<Path> files = AuditLogs.expand(List.of(dir));
      if (raw) {
        ObjectMapper mapper = new ObjectMapper();
        for (Path f : files) {
          try (InputStream in = WholeRun.openForBenchmarks(f)) {
            if (f.toString().endsWith(".json.gz")) {
              for (JsonNode r : mapper.readTree(in).get("Records")) {
                c.cloudTrailRecords.add(mapper.writeValueAsString(r));
              }
            } else {
              try (MappingIterator<JsonNode> it = mapper.readerFor(JsonNode.class).readValues(in)) {
                while (it.hasNext()) {
                  c.auditLogEntries.add(mapper.writeValueAsString(it.next()));
                }
              }
            }
          }
        }
      }
      if (events) {
        List<AuditEvent> all = Collections.synchronizedList(new ArrayList<>());
        AuditLogs.load().withParallelism(1).read(files, ReadOptions.DEFAULTS, all::add);
        for (AuditEvent e : all) {
          (e.identityEstablishing() ? c.identity : c.actions).add(e);
        }
      }
      return c;
    } finally {
      try (Stream<Path> walk = Files.walk(dir)) {
        for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
  }
}
