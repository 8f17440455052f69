package dev.crosstrail.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.logging.v2.LogEntry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code crosstrail collect gcp} against a loopback ListLogEntries stand-in serving examples/data/gcp. */
class CollectGcpCommandTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PROJECT = "projects/my-gcp-project";

  @TempDir Path tmp;
  private LoggingStandIn logging;
  private List<LogEntry> examples;

  @BeforeEach
  void serve() throws Exception {
    logging = new LoggingStandIn();
    examples = LoggingStandIn.entriesUnder(Cli.EXAMPLES.resolve("gcp"));
    logging.add(PROJECT, examples);
  }

  @AfterEach
  void stop() throws Exception {
    logging.close();
  }

  private Cli.Run collect(Path out, Object... more) {
    List<Object> args = new java.util.ArrayList<>(List.of("collect", "gcp", "--out", out, "--start",
        "2026-03-10T00:00:00Z", "--end", "2026-03-11T00:00:00Z", "--credentials", "none", "--plaintext",
        "--endpoint", logging.endpoint(), "--page-size", 4));
    args.addAll(List.of(more));
    return Cli.run(args.toArray());
  }

  @Test
  void collectsEveryEntryInPagesIntoTheSinkLayoutThatNormalizeReads() throws Exception {
    Path out = tmp.resolve("out");

    Cli.Run run = collect(out, "--resource", PROJECT, "--kind", "activity,data_access");

    assertThat(run.exit()).as(run.err()).isEqualTo(0);
    // 21 entries in the examples (5 activity, 16 data_access), pages of 4: 6 pages, the last with 1
    assertThat(examples).hasSize(21);
    assertThat(run.err()).contains("collect: projects/my-gcp-project page 1: 4 entries")
        .contains("collect: projects/my-gcp-project page 6: 1 entries")
        .contains("21 written, 0 rejected")
        .contains("collect: total 21 entries written, 0 rejected, 0 of 1 resources failed");
    assertThat(logging.requests.get(0).getFilter())
        .isEqualTo("timestamp>=\"2026-03-10T00:00:00Z\" AND timestamp<\"2026-03-11T00:00:00Z\" AND "
            + "(logName:\"cloudaudit.googleapis.com%2Factivity\" OR logName:\"cloudaudit.googleapis.com%2Fdata_access\")");
    assertThat(logging.requests.get(0).getResourceNamesList()).containsExactly(PROJECT);
    try (Stream<Path> walk = Files.walk(out.resolve("cloudaudit.googleapis.com"))) {
      assertThat(walk.filter(Files::isRegularFile).map(p -> out.relativize(p).toString().replace('\\', '/')))
          .allMatch(p -> p.matches("cloudaudit\\.googleapis\\.com/(activity|data_access)/2026/03/10/"
              + "\\d\\d:00:00_\\d\\d:59:59_S\\d+\\.json"));
    }

    Cli.Run normalized = Cli.run("normalize", out);
    TreeSet<String> ids = new TreeSet<>();
    for (String line : normalized.outLines()) {
      ids.add(JSON.readTree(line).get("id").asText());
    }
    TreeSet<String> expected = new TreeSet<>();
    examples.forEach(e -> expected.add(e.getInsertId()));
    assertThat(ids).isEqualTo(expected).contains("kbionm1yuvfm", "ilpi47tf3x4x", "b46suerimx37");
    assertThat(normalized.err()).contains("rejected 0").doesNotContain("rejected 1");
  }

  @Test
  void aSecondRunGoesOnFromTheCheckpointAndWritesNothingTwice() {
    Path out = tmp.resolve("out");
    assertThat(collect(out, "--resource", PROJECT).exit()).isEqualTo(0);

    Cli.Run again = collect(out, "--resource", PROJECT);

    assertThat(again.exit()).isEqualTo(0);
    assertThat(again.err()).contains("collect: total 0 entries written");
  }

  @Test
  void aFailingResourceGivesExit1AndDoesNotStopTheOthers() {
    logging.forbid("projects/forbidden");
    Path out = tmp.resolve("out");

    Cli.Run run = collect(out, "--resource", "projects/forbidden", "--resource", PROJECT);

    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.err()).contains("collect: projects/forbidden FAILED:").contains("PERMISSION_DENIED")
        .contains("collect: total 21 entries written, 0 rejected, 1 of 2 resources failed (projects/forbidden)");
  }

  /** A resource that fails after some pages counts what it wrote before the failure, in its line and the total. */
  @Test
  void aResourceThatFailsMidwayCountsWhatItWrote() {
    logging.denyPagesFrom(8);
    Path out = tmp.resolve("out");

    Cli.Run run = collect(out, "--resource", PROJECT);

    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.err()).contains("collect: projects/my-gcp-project FAILED:").contains("PERMISSION_DENIED")
        .contains("2 pages, 8 entries fetched, 0 duplicates skipped, 8 written, 0 rejected, 4 files, FAILED before")
        .contains("collect: total 8 entries written, 0 rejected, 1 of 1 resources failed (projects/my-gcp-project)");
  }

  @Test
  void selectionOptionsReachTheFilter() {
    Cli.Run run = collect(tmp.resolve("out"), "--resource", PROJECT, "--kind", "data_access", "--method",
        "google.iam.credentials.v1.IAMCredentials.GenerateIdToken", "--principal", "alice@example.com");

    assertThat(run.exit()).isEqualTo(0);
    String filter = logging.requests.get(0).getFilter();
    assertThat(filter).contains("cloudaudit.googleapis.com%2Fdata_access").doesNotContain("%2Factivity")
        .contains("google.iam.credentials.v1.IAMCredentials.GenerateIdToken").contains("alice@example.com");
  }

  @Test
  void conflictingOptionsNameBoth() {
    Path out = tmp.resolve("out");
    Cli.Run adc = Cli.run("collect", "gcp", "--out", out, "--resource", PROJECT, "--start", "2026-03-10T00:00:00Z",
        "--endpoint", logging.endpoint(), "--plaintext", "--credentials", "adc");
    assertThat(adc.exit()).isEqualTo(Main.EXIT_USAGE);
    assertThat(adc.err()).contains("--plaintext").contains("--credentials adc");

    Cli.Run certs = collect(out, "--resource", PROJECT, "--trusted-certificates", tmp.resolve("ca.pem"));
    assertThat(certs.exit()).isEqualTo(Main.EXIT_USAGE);
    assertThat(certs.err()).contains("--plaintext").contains("--trusted-certificates");

    Cli.Run imp = collect(out, "--resource", PROJECT, "--impersonate", "reader@p.iam.gserviceaccount.com");
    assertThat(imp.exit()).isEqualTo(Main.EXIT_USAGE);
    assertThat(imp.err()).contains("--impersonate").contains("--credentials none");

    Cli.Run kind = collect(out, "--resource", PROJECT, "--kind", "activity,admin");
    assertThat(kind.exit()).isEqualTo(Main.EXIT_USAGE);
    assertThat(kind.err()).contains("--kind admin").contains("data_access");

    Cli.Run twice = collect(out, "--resource", PROJECT, "--resource", PROJECT);
    assertThat(twice.exit()).isEqualTo(Main.EXIT_USAGE);
    assertThat(twice.err()).contains("projects/my-gcp-project");

    assertThat(logging.requests).as("nothing was asked of the stand-in").isEmpty();
    assertThat(out).doesNotExist();
  }
}
