package dev.crosstrail.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code attribute}, {@code trace} and {@code activity} on the example dataset; the expected origins and
 * evidence ids are those of examples/data/expected.tsv (written for the dataset, not from this code).
 */
class AttributeTraceActivityTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path AWS = Cli.EXAMPLES.resolve("aws");
  private static final Path GCP = Cli.EXAMPLES.resolve("gcp");

  private static Cli.Run attributed;
  private static Map<String, JsonNode> byId;

  @BeforeAll
  static void attributeTheExamples() throws IOException {
    attributed = Cli.run("attribute", "--directory", Cli.DIRECTORY, AWS, GCP);
    byId = new HashMap<>();
    for (String line : attributed.outLines()) {
      JsonNode node = JSON.readTree(line);
      byId.put(node.get("id").asText(), node);
    }
  }

  /**
   * The records the chain cites, as expected.tsv lists them: per hop, its evidence ids joined by '+', origin
   * first; hops that cite no record (a directory lookup) are left out, and a record cited by two hops in a row
   * is listed once.
   */
  private static List<String> evidence(JsonNode line) {
    LinkedHashSet<String> ids = new LinkedHashSet<>();
    for (JsonNode hop : line.get("chain")) {
      List<String> hopIds = new ArrayList<>();
      hop.get("evidence").forEach(e -> hopIds.add(e.asText()));
      Collections.sort(hopIds);
      if (!hopIds.isEmpty()) {
        ids.add(String.join("+", hopIds));
      }
    }
    return new ArrayList<>(ids);
  }

  @Test
  void attributesEveryRecordOfTheExamples() {
    assertThat(attributed.exit()).isEqualTo(0);
    // expected.tsv has one row per record: 71 rows
    assertThat(attributed.outLines()).hasSize(71);
    assertThat(byId).hasSize(71);
    assertThat(attributed.err()).contains("rejected 0").doesNotContain("rejected 1");
  }

  @Test
  void awsToGcpChainOfCiDeployer() {
    JsonNode line = byId.get("kbionm1yuvfm");
    assertThat(line.get("cloud").asText()).isEqualTo("gcp");
    assertThat(line.at("/actor/id").asText())
        .isEqualTo("serviceAccount:kawanago-cc-test-target@my-gcp-project.iam.gserviceaccount.com");
    assertThat(line.at("/origin/id").asText()).isEqualTo("arn:aws:iam::111111111111:user/ci-deployer");
    assertThat(line.at("/origin/kind").asText()).isEqualTo("human");
    assertThat(evidence(line)).containsExactly("a00ea3fe-0204-480e-b821-da852aa28af0", "iyuqgzht9kos",
        "fw0whk8qv2t2");
  }

  @Test
  void gcpToAwsChainOfAlice() {
    JsonNode line = byId.get("b5f0fd7f-232d-46a6-919a-d18fbc25b4f3");
    assertThat(line.get("cloud").asText()).isEqualTo("aws");
    assertThat(line.get("operation").asText()).isEqualTo("ListBuckets");
    assertThat(line.at("/actor/id").asText())
        .isEqualTo("arn:aws:sts::111111111111:assumed-role/kawanago-crosscloud-test/gcp-sa1-session");
    assertThat(line.at("/origin/id").asText()).isEqualTo("user:alice@example.com");
    assertThat(line.at("/origin/kind").asText()).isEqualTo("human");
    assertThat(evidence(line)).containsExactly("ilpi47tf3x4x", "4f049b41-04fa-4401-bb47-1ae42cae4381");
  }

  @Test
  void consoleSwitchRoleOfMiyamoto() {
    JsonNode line = byId.get("82b1981b-e57a-4c89-9932-8f60a53245fb");
    assertThat(line.at("/actor/id").asText()).isEqualTo("arn:aws:sts::210987654321:assumed-role/SwitchRole/miyamoto");
    assertThat(line.at("/origin/id").asText()).isEqualTo("arn:aws:iam::111111111111:user/miyamoto");
    assertThat(line.at("/origin/kind").asText()).isEqualTo("human");
    assertThat(evidence(line)).containsExactly("38d4f704-7e0a-4ef1-818b-dd2cf472765c");
  }

  @Test
  void crossAccountAssumeRoleOfTanakaCitesBothCopies() {
    JsonNode line = byId.get("77976232-c8d1-4cca-b8ee-225c0a64e8ad");
    assertThat(line.at("/origin/id").asText()).isEqualTo("arn:aws:iam::111111111111:user/tanaka");
    assertThat(evidence(line)).containsExactly(
        "8314c3cb-41e3-468b-a81a-2caec049da8e+a8096077-4087-4277-98b0-fe0a096d4952");
  }

  @Test
  void partnerAccountOriginIsTheAccountOnly() {
    JsonNode line = byId.get("48d78a71-21fd-416f-9ac0-a3572f573b6d");
    assertThat(line.at("/origin/id").asText()).isEqualTo("arn:aws:iam::333322221111:root");
    assertThat(line.at("/origin/kind").asText()).isEqualTo("account");
    assertThat(evidence(line)).containsExactly("693a07a6-8615-4f92-989b-470214897696");
  }

  @Test
  void inputOrderAndFileNamesDoNotChangeTheSortedOutput(@TempDir Path tmp) throws IOException {
    List<Path> files;
    try (Stream<Path> walk = Stream.concat(Files.walk(AWS), Files.walk(GCP))) {
      files = new ArrayList<>(walk.filter(Files::isRegularFile).toList());
    }
    Collections.shuffle(files, new Random(20260310));
    for (int i = 0; i < files.size(); i++) {
      String name = files.get(i).getFileName().toString();
      String suffix = name.endsWith(".json.gz") ? ".json.gz" : ".json";
      Path target = tmp.resolve("d" + (i % 3)).resolve("n" + (i % 2)).resolve("f" + i + suffix);
      Files.createDirectories(target.getParent());
      Files.copy(files.get(i), target);
    }

    Cli.Run shuffled = Cli.run("attribute", "--threads", 2, "--directory", Cli.DIRECTORY, tmp);

    assertThat(shuffled.exit()).isEqualTo(0);
    List<String> expected = Cli.sortedWithoutSource(attributed.outLines());
    List<String> actual = Cli.sortedWithoutSource(shuffled.outLines());
    assertThat(String.join("\n", actual)).isEqualTo(String.join("\n", expected));
  }

  @Test
  void theSpillGoesWhereToldAndIsGoneAfterwards(@TempDir Path tmp) throws IOException {
    Path spill = Files.createDirectories(tmp.resolve("spill"));

    Cli.Run run = Cli.run("attribute", "--spill-dir", spill, "--directory", Cli.DIRECTORY, AWS, GCP);

    assertThat(run.exit()).isEqualTo(0);
    assertThat(Cli.sortedWithoutSource(run.outLines())).isEqualTo(Cli.sortedWithoutSource(attributed.outLines()));
    assertThat(spill).isDirectory();
    try (Stream<Path> left = Files.list(spill)) {
      assertThat(left).as("spill files left behind").isEmpty();
    }
  }

  @Test
  void aSpillDirectoryThatDoesNotExistIsNotCreatedButNamed(@TempDir Path tmp) {
    Path typo = tmp.resolve("spil");

    Cli.Run run = Cli.run("attribute", "--spill-dir", typo, AWS, GCP);

    assertThat(run.exit()).isEqualTo(64);
    assertThat(run.out()).isEmpty();
    assertThat(run.err()).contains("Cannot spill under " + typo + ": no such directory")
        .contains("--spill-dir DIR");
    assertThat(typo).doesNotExist();
  }

  @Test
  void traceAsText() {
    Cli.Run run = Cli.run("trace", "--event", "b5f0fd7f-232d-46a6-919a-d18fbc25b4f3", "--directory", Cli.DIRECTORY,
        AWS, GCP);

    assertThat(run.exit()).isEqualTo(0);
    assertThat(run.out())
        .contains("record   aws b5f0fd7f-232d-46a6-919a-d18fbc25b4f3 at 2026-03-10T")
        .contains("actor    arn:aws:sts::111111111111:assumed-role/kawanago-crosscloud-test/gcp-sa1-session")
        .contains("origin   user:alice@example.com (human")
        .contains("-> arn:aws:sts::111111111111:assumed-role/kawanago-crosscloud-test/gcp-sa1-session")
        .contains("gcp ilpi47tf3x4x")
        .contains("aws 4f049b41-04fa-4401-bb47-1ae42cae4381");
    assertThat(run.out().indexOf("ilpi47tf3x4x")).isLessThan(run.out().indexOf("4f049b41"));
  }

  @Test
  void traceAsJson() throws IOException {
    Cli.Run run = Cli.run("trace", "--json", "--event", "kbionm1yuvfm", "--directory", Cli.DIRECTORY, AWS, GCP);

    assertThat(run.exit()).isEqualTo(0);
    JsonNode node = JSON.readTree(run.out());
    assertThat(node.get("id").asText()).isEqualTo("kbionm1yuvfm");
    assertThat(node.get("cloud").asText()).isEqualTo("gcp");
    assertThat(node.at("/origin/id").asText()).isEqualTo("arn:aws:iam::111111111111:user/ci-deployer");
    assertThat(evidence(node)).containsExactly("a00ea3fe-0204-480e-b821-da852aa28af0", "iyuqgzht9kos",
        "fw0whk8qv2t2");
    assertThat(node.get("chain").get(2).get("principal").asText())
        .isEqualTo("serviceAccount:kawanago-cc-test-target@my-gcp-project.iam.gserviceaccount.com");
  }

  @Test
  void activityOfAPrincipalNoRecordNamesExits1AndShowsTheIdForms() {
    Cli.Run run = Cli.run("activity", "--principal", "alice@example.com", AWS, GCP);

    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.out()).isEmpty();
    assertThat(run.err()).contains("no record in the inputs names alice@example.com")
        .contains("did you mean user:alice@example.com?");
  }

  @Test
  void activityShowsWhichCallsFailed() throws IOException {
    Cli.Run text = Cli.run("activity", "--principal", "arn:aws:iam::111111111111:user/suzuki", AWS, GCP);
    Cli.Run json = Cli.run("activity", "--json", "--principal", "arn:aws:iam::111111111111:user/suzuki", AWS, GCP);

    assertThat(text.out()).contains("[95b4d2de-9cd1-458d-af06-1658bbf3dca3] FAILED: AccessDenied")
        .contains("[615311a9-6305-422b-9c0b-84c7d9a0317e] FAILED: Client.UnauthorizedOperation");
    JsonNode denied = null;
    for (JsonNode action : new com.fasterxml.jackson.databind.ObjectMapper().readTree(json.out()).get("actions")) {
      if (action.get("id").asText().equals("95b4d2de-9cd1-458d-af06-1658bbf3dca3")) {
        denied = action;
      }
    }
    assertThat(denied).isNotNull();
    assertThat(denied.get("outcome").asText()).isEqualTo("failure");
    assertThat(denied.get("errorCode").asText()).isEqualTo("AccessDenied");
  }

  /** Who tried to become a role and was refused: asked about the role, not only about the caller. */
  @Test
  void activityOfARoleListsTheDeniedAttemptsToAssumeIt() throws IOException {
    String role = "arn:aws:iam::210987654321:role/CrossAccountReadOnlyNamed";
    Cli.Run text = Cli.run("activity", "--principal", role, AWS, GCP);
    Cli.Run json = Cli.run("activity", "--json", "--principal", role, AWS, GCP);

    assertThat(text.exit()).as(text.err()).isEqualTo(0);
    assertThat(text.out()).contains("denied attempts to obtain it: 1")
        .contains("AssumeRole by arn:aws:iam::111111111111:user/suzuki [95b4d2de-9cd1-458d-af06-1658bbf3dca3] "
            + "AccessDenied");
    JsonNode denied = new com.fasterxml.jackson.databind.ObjectMapper().readTree(json.out()).get("deniedOn").get(0);
    assertThat(denied.get("caller").asText()).isEqualTo("arn:aws:iam::111111111111:user/suzuki");
  }

  /** Story 2: a role two people assumed with one session name; activity of the role says who is behind each call. */
  @Test
  void activityOfARoleSaysWhoIsBehindEachCall() {
    Cli.Run run = Cli.run("activity", "--principal", "arn:aws:iam::210987654321:role/CrossAccountReadOnly", AWS, GCP);

    assertThat(run.outLines()).anySatisfy(l -> assertThat(l).contains("[77976232-c8d1-4cca-b8ee-225c0a64e8ad]")
        .contains("behind it: arn:aws:iam::111111111111:user/tanaka, exact"));
    assertThat(run.outLines()).anySatisfy(l -> assertThat(l).contains("[615311a9-6305-422b-9c0b-84c7d9a0317e]")
        .contains("behind it: arn:aws:iam::111111111111:user/suzuki, exact"));
    assertThat(run.outLines()).anySatisfy(l -> assertThat(l).contains("[48d78a71-21fd-416f-9ac0-a3572f573b6d]")
        .contains("incomplete: see trace"));
  }

  @Test
  void activityOfARoleListsWhatItsSessionsDid() {
    Cli.Run run = Cli.run("activity", "--principal", "arn:aws:iam::210987654321:role/SwitchRole", AWS, GCP);

    assertThat(run.exit()).isEqualTo(0);
    assertThat(run.out()).contains("arn:aws:sts::210987654321:assumed-role/SwitchRole/miyamoto")
        .contains("82b1981b-e57a-4c89-9932-8f60a53245fb");
  }

  /** A folder given to --directory is read as log folders are: what is no listing is named and skipped. */
  @Test
  void aDirectoryFolderWithOtherFilesInItIsReadForItsListings() {
    Cli.Run run = Cli.run("trace", "--event", "b5f0fd7f-232d-46a6-919a-d18fbc25b4f3", "--directory", Cli.EXAMPLES,
        AWS, GCP);

    assertThat(run.exit()).isEqualTo(0);
    assertThat(run.err()).contains("EXPECTED.md: skipped as a directory file: it is not in a format crosstrail "
        + "recognises");
    assertThat(run.out()).contains("serviceAccount:kawanago-crosscloud-test-1@my-gcp-project.iam.gserviceaccount.com");
  }

  /** Without the GCP side the chain stops at the web identity: exact as far as it goes, and not complete. */
  @Test
  void aChainThatStopsAtAGapIsNotComplete() throws IOException {
    // the AWS logs alone: nothing maps the service account's unique id to its email
    Cli.Run json = Cli.run("trace", "--json", "--event", "b5f0fd7f-232d-46a6-919a-d18fbc25b4f3", AWS);
    Cli.Run text = Cli.run("trace", "--event", "b5f0fd7f-232d-46a6-919a-d18fbc25b4f3", AWS);
    Cli.Run resolved = Cli.run("trace", "--json", "--event", "b5f0fd7f-232d-46a6-919a-d18fbc25b4f3", "--directory",
        Cli.DIRECTORY, AWS, GCP);

    JsonNode node = new com.fasterxml.jackson.databind.ObjectMapper().readTree(json.out());
    assertThat(node.at("/origin/id").asText()).isEqualTo("accounts.google.com:100000000000000000001");
    assertThat(node.get("complete").asBoolean()).isFalse();
    assertThat(text.out()).contains("(of the chain as far as the logs go: the gaps below say what it lacks)");
    assertThat(new com.fasterxml.jackson.databind.ObjectMapper().readTree(resolved.out()).at("/origin/id").asText())
        .isEqualTo("user:alice@example.com");
  }

  @Test
  void traceSaysWhichCallTheRecordIsAndWhetherItFailed() throws IOException {
    Cli.Run text = Cli.run("trace", "--event", "615311a9-6305-422b-9c0b-84c7d9a0317e", AWS, GCP);
    Cli.Run json = Cli.run("trace", "--json", "--event", "615311a9-6305-422b-9c0b-84c7d9a0317e", AWS, GCP);

    assertThat(text.out()).contains("call     ec2.amazonaws.com StopInstances, FAILED: Client.UnauthorizedOperation");
    JsonNode node = new com.fasterxml.jackson.databind.ObjectMapper().readTree(json.out());
    assertThat(node.get("operation").asText()).isEqualTo("StopInstances");
    assertThat(node.get("errorCode").asText()).isEqualTo("Client.UnauthorizedOperation");
  }

  @Test
  void traceOfAnUnknownIdExits1AndNamesIt() {
    Cli.Run run = Cli.run("trace", "--event", "no-such-event-42", AWS, GCP);

    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.out()).isEmpty();
    assertThat(run.err()).contains("no-such-event-42");
  }

  @Test
  void traceOfARejectedRecordSaysItWasRejectedAndWhy(@TempDir Path tmp) throws IOException {
    Path bad = tmp.resolve("bad.jsonl");
    Files.writeString(bad, "{\"eventID\":\"bad-1\",\"eventTime\":\"yesterday\"}\n"
        + "{\"eventVersion\":\"1.08\",\"eventID\":\"bad-2\",\"eventSource\":\"s3.amazonaws.com\"}\n");

    Cli.Run rejected = Cli.run("trace", "--event", "bad-1", bad);
    Cli.Run unseen = Cli.run("trace", "--event", "unseen-3", bad);

    assertThat(rejected.exit()).isEqualTo(1);
    assertThat(rejected.err()).contains("the record with id bad-1 was rejected when read, so it cannot be traced: "
        + bad + " record 0 line 1");
    assertThat(unseen.exit()).isEqualTo(1);
    assertThat(unseen.err()).contains("no record with id unseen-3")
        .contains("2 record(s) were rejected when read, none of them with this id");
  }

  @Test
  void activityAsText() {
    Cli.Run run = Cli.run("activity", "--principal", "user:alice@example.com", "--directory", Cli.DIRECTORY, AWS,
        GCP);

    assertThat(run.exit()).isEqualTo(0);
    assertThat(run.out())
        .contains("principal user:alice@example.com (GOOGLE_USER)")
        .contains("serviceAccount:kawanago-crosscloud-test-1@my-gcp-project.iam.gserviceaccount.com")
        .contains("arn:aws:sts::111111111111:assumed-role/kawanago-crosscloud-test/gcp-sa1-session")
        .contains("[b5f0fd7f-232d-46a6-919a-d18fbc25b4f3]")
        .contains("[am55goas48sz]");
  }

  @Test
  void activityAsJson() throws IOException {
    Cli.Run run = Cli.run("activity", "--json", "--principal", "user:alice@example.com", "--directory",
        Cli.DIRECTORY, AWS, GCP);

    assertThat(run.exit()).isEqualTo(0);
    JsonNode node = JSON.readTree(run.out());
    assertThat(node.get("principal").asText()).isEqualTo("user:alice@example.com");
    List<String> actions = new ArrayList<>();
    node.get("actions").forEach(a -> actions.add(a.get("id").asText()));
    // the rows of expected.tsv whose origin is alice
    assertThat(actions).containsExactlyInAnyOrder("ilpi47tf3x4x", "4f049b41-04fa-4401-bb47-1ae42cae4381",
        "ed96cfd2-d355-41e6-bcd7-806144e4cf7c", "b5f0fd7f-232d-46a6-919a-d18fbc25b4f3",
        "a33f7ebb-ddb5-4a7f-8723-08f1d9ee3947", "369a4f52-0f97-4190-80d5-225e00d47639", "am55goas48sz");
    List<String> derived = new ArrayList<>();
    node.get("derived").forEach(d -> derived.add(d.get("principal").asText()));
    assertThat(derived).contains(
        "serviceAccount:kawanago-crosscloud-test-1@my-gcp-project.iam.gserviceaccount.com",
        "arn:aws:sts::111111111111:assumed-role/kawanago-crosscloud-test/gcp-sa1-session");
  }
}
