package dev.crosstrail.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code crosstrail normalize} on a directory mixing good and bad files of both clouds: records copied from
 * examples/data (see its README for where they come from), a truncated gzip, a file that is not JSON and a
 * CloudTrail record without eventID.
 */
class NormalizeCommandTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path AWS_A = Cli.EXAMPLES.resolve("aws/AWSLogs/111111111111/CloudTrail");
  private static final Path AWS_B = Cli.EXAMPLES.resolve("aws/AWSLogs/210987654321/CloudTrail");
  /** One record: miyamoto's SwitchRole session's HeadBucket, 82b1981b-…, key ASIAFKOYB2JZMFGBSE4K. */
  private static final Path HEAD_BUCKET = AWS_B.resolve(
      "ap-northeast-1/2026/03/10/210987654321_CloudTrail_ap-northeast-1_20260310T0105Z_eHu6XRcqaXcbTH57.json.gz");
  /** One record: miyamoto's ConsoleLogin 7a0abbc2-…, no access key. */
  private static final Path CONSOLE_LOGIN = AWS_A.resolve(
      "us-east-1/2026/03/10/111111111111_CloudTrail_us-east-1_20260310T0115Z_svh02HHoGxJoF8kb.json.gz");
  /** Five Data Access entries, two of them by report-uploader with a user-managed key. */
  private static final Path GCP_HOUR = Cli.EXAMPLES.resolve(
      "gcp/cloudaudit.googleapis.com/data_access/2026/03/10/04:00:00_04:59:59_S0.json");

  private static final Pattern SUMMARY =
      Pattern.compile("^(.+): ([^,]+), read (\\d+), normalized (\\d+), rejected (\\d+)$");

  @TempDir Path tmp;
  private Path in;

  @BeforeEach
  void layOut() throws IOException {
    in = tmp.resolve("in");
    Files.createDirectories(in.resolve("aws/nested"));
    Files.createDirectories(in.resolve("gcp"));
    Files.createDirectories(in.resolve("bad"));
    Files.copy(HEAD_BUCKET, in.resolve("aws/head-bucket.json.gz"));
    Files.copy(CONSOLE_LOGIN, in.resolve("aws/nested/console-login.json.gz"));
    Files.copy(GCP_HOUR, in.resolve("gcp/data-access-04.json"));
    byte[] gz = Files.readAllBytes(CONSOLE_LOGIN);
    Files.write(in.resolve("bad/truncated.json.gz"), java.util.Arrays.copyOf(gz, gz.length / 2));
    Files.writeString(in.resolve("bad/notes.json"), "these are my notes, not JSON\n");
    Files.writeString(in.resolve("bad/missing-id.json"), missingEventId());
  }

  /** Two copies of the HeadBucket record: the first with another eventID, the second without eventID. */
  private static String missingEventId() throws IOException {
    JsonNode records;
    try (InputStream s = new GZIPInputStream(Files.newInputStream(HEAD_BUCKET))) {
      records = JSON.readTree(s).get("Records");
    }
    ObjectNode kept = ((ObjectNode) records.get(0).deepCopy()).put("eventID", "0d2f5f3e-0000-4000-8000-000000000001");
    ObjectNode missing = records.get(0).deepCopy();
    missing.remove("eventID");
    ObjectNode root = JSON.createObjectNode();
    ArrayNode list = root.putArray("Records");
    list.add(kept);
    list.add(missing);
    return JSON.writeValueAsString(root);
  }

  @Test
  void printsOneJsonLinePerNormalizedRecordAndASummaryThatAddsUp() throws Exception {
    Cli.Run run = Cli.run("normalize", "--verbose", "--threads", 2, in);

    assertThat(run.exit()).isEqualTo(0);
    Map<String, JsonNode> byId = new HashMap<>();
    for (String line : run.outLines()) {
      JsonNode node = JSON.readTree(line);
      byId.put(node.get("id").asText(), node);
    }
    // 1 HeadBucket + 1 ConsoleLogin + 5 GCP entries + the good half of missing-id.json
    assertThat(run.outLines()).hasSize(8);
    assertThat(byId).hasSize(8).containsKeys("82b1981b-e57a-4c89-9932-8f60a53245fb",
        "7a0abbc2-bfd9-4323-823c-052ad433d7cf", "0d2f5f3e-0000-4000-8000-000000000001", "b46suerimx37",
        "s64jzegvkp0z");

    JsonNode head = byId.get("82b1981b-e57a-4c89-9932-8f60a53245fb");
    assertThat(head.get("cloud").asText()).isEqualTo("aws");
    assertThat(head.get("time").asText()).isEqualTo("2026-03-10T01:04:05Z");
    assertThat(head.get("service").asText()).isEqualTo("s3.amazonaws.com");
    assertThat(head.get("operation").asText()).isEqualTo("HeadBucket");
    assertThat(head.at("/actor/id").asText()).isEqualTo("arn:aws:sts::210987654321:assumed-role/SwitchRole/miyamoto");
    assertThat(head.at("/actor/kind").asText()).isEqualTo("ROLE_SESSION");
    assertThat(head.at("/credential/kind").asText()).isEqualTo("AWS_TEMPORARY_ACCESS_KEY");
    assertThat(head.at("/credential/id").asText()).isEqualTo("ASIAFKOYB2JZMFGBSE4K");
    assertThat(head.get("outcome").asText()).isEqualTo("success");

    JsonNode login = byId.get("7a0abbc2-bfd9-4323-823c-052ad433d7cf");
    assertThat(login.get("operation").asText()).isEqualTo("ConsoleLogin");
    assertThat(login.get("service").asText()).isEqualTo("signin.amazonaws.com");
    assertThat(login.at("/actor/id").asText()).isEqualTo("arn:aws:iam::111111111111:user/miyamoto");
    assertThat(login.at("/actor/kind").asText()).isEqualTo("IAM_USER");
    assertThat(login.has("credential")).as("a console login uses no access key").isFalse();
    assertThat(login.get("outcome").asText()).isEqualTo("success");

    JsonNode list = byId.get("b46suerimx37");
    assertThat(list.get("cloud").asText()).isEqualTo("gcp");
    assertThat(list.get("time").asText()).isEqualTo("2026-03-10T04:30:12.010554886Z");
    assertThat(list.get("service").asText()).isEqualTo("storage.googleapis.com");
    assertThat(list.get("operation").asText()).isEqualTo("storage.objects.list");
    assertThat(list.at("/actor/id").asText())
        .isEqualTo("serviceAccount:report-uploader@my-gcp-project.iam.gserviceaccount.com");
    assertThat(list.at("/actor/kind").asText()).isEqualTo("SERVICE_ACCOUNT");
    assertThat(list.at("/credential/kind").asText()).isEqualTo("GCP_SERVICE_ACCOUNT_KEY");
    assertThat(list.at("/credential/id").asText()).contains("3f9c1a7be2d84056a1c9e07b5d2f8e4a61b0c3d7");
    assertThat(list.get("outcome").asText()).isEqualTo("success");

    // stderr: one summary per source whose counts add up, every rejection named with its location and reason
    Map<String, long[]> counts = new HashMap<>();
    long[] total = null;
    for (String line : run.errLines()) {
      Matcher m = SUMMARY.matcher(line);
      if (!m.matches()) {
        continue;
      }
      long[] c = {Long.parseLong(m.group(3)), Long.parseLong(m.group(4)), Long.parseLong(m.group(5))};
      assertThat(c[0]).as(line).isEqualTo(c[1] + c[2]);
      if (m.group(1).equals("total")) {
        total = c;
      } else {
        counts.put(Path.of(m.group(1)).getFileName().toString(), c);
      }
    }
    // notes.json, found in a directory and not an audit log, is skipped with its reason, not counted as a record
    assertThat(counts.keySet()).containsExactlyInAnyOrder("head-bucket.json.gz", "console-login.json.gz",
        "data-access-04.json", "truncated.json.gz", "missing-id.json");
    assertThat(counts.get("head-bucket.json.gz")).containsExactly(1, 1, 0);
    assertThat(counts.get("console-login.json.gz")).containsExactly(1, 1, 0);
    assertThat(counts.get("data-access-04.json")).containsExactly(5, 5, 0);
    assertThat(counts.get("missing-id.json")).containsExactly(2, 1, 1);
    assertThat(counts.get("truncated.json.gz")).containsExactly(1, 0, 1);
    assertThat(run.err()).contains(
        "total: 5 sources, read 10, normalized 8, rejected 2; 1 skipped (listed above)");
    assertThat(run.errLines()).anySatisfy(l -> assertThat(l).endsWith("notes.json: skipped: "
        + "not a recognised CloudTrail or Cloud Audit Log format (expected {\"Records\":[…]}, lookup-events output, "
        + "EventBridge events, a LogEntry array or one JSON record per line)"));

    List<String> rejected = run.errLines().stream().filter(l -> l.startsWith("  rejected ")).toList();
    assertThat(rejected).hasSize(2);
    assertThat(rejected).anySatisfy(l -> assertThat(l).contains("missing-id.json record 1").contains("eventID"));
    assertThat(rejected).anySatisfy(l -> assertThat(l).contains("truncated.json.gz").contains("gzip"));
  }

  @Test
  void strictStopsWithStatus2AtTheFirstBadRecordAndNamesIt() throws Exception {
    Path strictIn = tmp.resolve("strict");
    Files.createDirectories(strictIn);
    Files.copy(in.resolve("aws/head-bucket.json.gz"), strictIn.resolve("head-bucket.json.gz"));
    Files.copy(in.resolve("bad/missing-id.json"), strictIn.resolve("missing-id.json"));

    Cli.Run run = Cli.run("normalize", "--strict", "--threads", 1, strictIn);

    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).contains("missing-id.json record 1").contains("eventID");
  }

  /**
   * 1,500 records without eventTime in one file: the summary names the first 1,000, --rejections names
   * every one (with its id), and a trace of a record past the cap still says it was rejected, and why.
   */
  @Test
  void rejectionsFileListsEveryRejectionPastTheSummarysCap() throws Exception {
    StringBuilder lines = new StringBuilder();
    for (int i = 0; i < 1500; i++) {
      lines.append("{\"eventID\":\"id-").append(i).append("\",\"eventSource\":\"s3.amazonaws.com\",")
          .append("\"eventName\":\"GetObject\"}\n");
    }
    Path many = Files.writeString(tmp.resolve("many.jsonl"), lines.toString());
    Path listed = tmp.resolve("rejections.jsonl");

    Cli.Run plain = Cli.run("normalize", many);
    Cli.Run run = Cli.run("normalize", "--rejections", listed, many);

    assertThat(plain.err()).contains("… and 500 more rejections (--rejections FILE lists every one)");
    assertThat(run.exit()).isEqualTo(0);
    assertThat(run.err()).contains("… and 500 more rejections (every one is in the --rejections file)")
        .contains("total: 1 source, read 1500, normalized 0, rejected 1500");
    List<String> written = Files.readAllLines(listed);
    assertThat(written).hasSize(1500);
    JsonNode last = JSON.readTree(written.get(1499));
    assertThat(last.get("source").asText()).isEqualTo(many.toString());
    assertThat(last.get("record").asLong()).isEqualTo(1499);
    assertThat(last.get("line").asLong()).isEqualTo(1500);
    assertThat(last.get("id").asText()).isEqualTo("id-1499");
    assertThat(last.get("reason").asText()).contains("eventTime");
    assertThat(last.get("byteOffset").asLong()).isEqualTo(lines.indexOf("{\"eventID\":\"id-1499\""));

    Cli.Run trace = Cli.run("trace", "--event", "id-1400", many);
    assertThat(trace.exit()).isEqualTo(1);
    assertThat(trace.err()).contains("the record with id id-1400 was rejected when read, so it cannot be traced: "
        + many + " record 1400 line 1401").contains("eventTime");
  }

  /** A --rejections file that cannot be written (a full disk) makes every reading command exit 74. */
  @Test
  void anUnwritableRejectionsFileExits74FromEveryCommand() throws Exception {
    Path full = Path.of("/dev/full");
    org.junit.jupiter.api.Assumptions.assumeTrue(Files.exists(full), "no /dev/full here");
    Path bad = in.resolve("bad/missing-id.json");

    for (Cli.Run run : List.of(Cli.run("normalize", "--rejections", full, bad),
        Cli.run("attribute", "--rejections", full, bad),
        Cli.run("trace", "--event", "0d2f5f3e-0000-4000-8000-000000000001", "--rejections", full, bad),
        Cli.run("activity", "--principal", "arn:aws:iam::210987654321:user/miyamoto", "--rejections", full, bad))) {
      assertThat(run.exit()).as(run.err()).isEqualTo(74);
      assertThat(run.err()).contains("could not write every rejection to /dev/full");
    }
  }

  /** However the command ends (a strict stop, a missing path), the --rejections file is closed. */
  @Test
  void theRejectionsFileIsClosedWhateverEndsTheCommand() throws Exception {
    Path fds = Path.of("/proc/self/fd");
    org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(fds), "no /proc/self/fd here");
    Path listed = tmp.resolve("rejections.jsonl");

    Cli.Run strict = Cli.run("normalize", "--strict", "--rejections", listed, in.resolve("bad/missing-id.json"));
    assertThat(strict.exit()).isEqualTo(2);
    assertThat(openDescriptorsOf(fds, listed)).isZero();
    assertThat(Files.readAllLines(listed)).hasSize(1);

    Cli.Run missing = Cli.run("normalize", "--rejections", listed, tmp.resolve("nope"));
    assertThat(missing.exit()).isEqualTo(64);
    assertThat(openDescriptorsOf(fds, listed)).isZero();
  }

  private static long openDescriptorsOf(Path fds, Path file) throws IOException {
    Path real = file.toRealPath();
    try (java.util.stream.Stream<Path> all = Files.list(fds)) {
      return all.filter(fd -> {
        try {
          return Files.readSymbolicLink(fd).equals(real);
        } catch (IOException e) {
          return false; // closed while listing
        }
      }).count();
    }
  }

  /** A --rejections path that cannot be created stops the command before it reads, naming the path. */
  @Test
  void anUncreatableRejectionsFileIsAUsageError() {
    Path nowhere = tmp.resolve("no-such-dir/rejections.jsonl");

    Cli.Run run = Cli.run("normalize", "--rejections", nowhere, in);

    assertThat(run.exit()).isEqualTo(64);
    assertThat(run.err()).contains("--rejections " + nowhere + ": cannot create the file");
    assertThat(run.out()).isEmpty();
  }

  @Test
  void withoutVerboseOnlySourcesWithRejectionsAreListed() throws Exception {
    Cli.Run run = Cli.run("normalize", in);

    assertThat(run.exit()).isEqualTo(0);
    assertThat(run.errLines()).noneMatch(l -> l.contains("head-bucket.json.gz"));
    assertThat(run.errLines()).anyMatch(l -> l.contains("missing-id.json: cloudtrail-log-file, read 2, normalized 1, rejected 1"));
    assertThat(run.err()).contains("total: 5 sources, read 10, normalized 8, rejected 2");
  }

  @Test
  void leniencyIsTheDefaultEvenWithOnlyBadFiles() throws Exception {
    // a trail file whose one record is rejected: the run reports it and exits 0
    Path allBad = Files.writeString(tmp.resolve("all-bad.json"),
        "{\"Records\":[{\"eventVersion\":\"1.08\",\"eventTime\":\"2024-05-01T10:00:00Z\"}]}");
    Cli.Run run = Cli.run("normalize", allBad);

    assertThat(run.exit()).isEqualTo(0);
    assertThat(run.out()).isEmpty();
    assertThat(run.err()).contains("total: 1 source, read 1, normalized 0, rejected 1")
        .doesNotContain("nothing read");
  }

  /** A named file that is no audit log, or a folder holding only it: nothing was read either way. */
  @Test
  void nothingReadExits1WhetherTheFileIsNamedOrFoundInAFolder() throws Exception {
    Cli.Run named = Cli.run("normalize", in.resolve("bad/notes.json"));
    Path folder = Files.createDirectories(tmp.resolve("only-notes"));
    Files.copy(in.resolve("bad/notes.json"), folder.resolve("notes.json"));
    Cli.Run found = Cli.run("normalize", folder);

    for (Cli.Run run : List.of(named, found)) {
      assertThat(run.exit()).isEqualTo(1);
      assertThat(run.out()).isEmpty();
      assertThat(run.err()).contains("nothing read: no audit log file in the paths given");
    }
    assertThat(named.err()).contains("total: 1 source, read 1, normalized 0, rejected 1");
  }

  @Test
  void aFolderWithNothingToReadExits1AndSaysSo() throws Exception {
    Path digests = tmp.resolve("only-digests/AWSLogs/111111111111/CloudTrail-Digest/us-east-1");
    Files.createDirectories(digests);
    Files.writeString(digests.resolve("111111111111_CloudTrail-Digest_us-east-1_x.json.gz"), "{}");

    for (String command : List.of("normalize", "attribute")) {
      Cli.Run run = Cli.run(command, tmp.resolve("only-digests"));

      assertThat(run.exit()).as(command).isEqualTo(1);
      assertThat(run.out()).as(command).isEmpty();
      assertThat(run.err()).as(command).contains("CloudTrail-Digest: skipped: CloudTrail digest")
          .contains("total: 0 sources, read 0, normalized 0, rejected 0; 1 skipped (listed above)")
          .contains("nothing read: no audit log file in the paths given; check the paths, or the reasons above");
    }
  }

  @Test
  void theStringLimitCanBeSetOnTheCommandLine() throws Exception {
    Cli.Run defaults = Cli.run("normalize", HEAD_BUCKET);
    Cli.Run tight = Cli.run("normalize", "--max-string-length", 10, HEAD_BUCKET);

    assertThat(defaults.outLines()).hasSize(1);
    assertThat(tight.exit()).isEqualTo(0);
    assertThat(tight.outLines()).isEmpty();
    assertThat(tight.err()).contains("ReadOptions.maxStringLength").contains("--max-string-length");
  }

  @Test
  void theNestingLimitCanBeSetButNotBelowWhatAuditRecordsNeed() throws Exception {
    Cli.Run tooLow = Cli.run("normalize", "--max-nesting-depth", 7, HEAD_BUCKET);
    Cli.Run raised = Cli.run("normalize", "--max-nesting-depth", 400, HEAD_BUCKET);

    assertThat(tooLow.exit()).isEqualTo(64);
    assertThat(tooLow.err()).contains("--max-nesting-depth must be at least 8");
    assertThat(raised.exit()).isEqualTo(0);
    assertThat(raised.outLines()).hasSize(1);
  }

  /**
   * A gzip file cut short (a download broken off): every record whose line decompresses whole is read,
   * and the one the break cuts is the single rejection, whether the break falls in the first 64 KiB
   * (where the format is recognised) or later, for both clouds' line formats.
   */
  @Test
  void aTruncatedGzipYieldsEveryCompleteRecordBeforeTheBreak() throws Exception {
    List<String> awsLines = new java.util.ArrayList<>();
    for (JsonNode r : JSON.readTree(new GZIPInputStream(Files.newInputStream(HEAD_BUCKET))).get("Records")) {
      for (int i = 0; i < 400; i++) {
        ((ObjectNode) r).put("eventID", "id-" + i);
        awsLines.add(JSON.writeValueAsString(r));
      }
    }
    List<String> gcpLines = new java.util.ArrayList<>();
    for (int i = 0; i < 80; i++) {
      gcpLines.addAll(Files.readAllLines(GCP_HOUR).stream().filter(l -> !l.isBlank())
          .map(l -> l.replaceFirst("\"insertId\"\\s*:\\s*\"", "\"insertId\":\"x" + gcpLines.size() + "-")).toList());
    }
    for (List<String> lines : List.of(awsLines, gcpLines)) {
      java.io.ByteArrayOutputStream gz = new java.io.ByteArrayOutputStream();
      try (java.io.OutputStream out = new java.util.zip.GZIPOutputStream(gz)) {
        out.write((String.join("\n", lines) + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
      }
      byte[] whole = gz.toByteArray();
      for (int cut : new int[] {whole.length / 4, whole.length / 2}) {
        Path file = tmp.resolve("cut-" + lines.size() + "-" + cut + ".jsonl.gz");
        Files.write(file, java.util.Arrays.copyOf(whole, cut));

        Cli.Run run = Cli.run("normalize", file);

        long complete = completeLines(file);
        assertThat(complete).as("cut at %d", cut).isPositive();
        assertThat(run.outLines()).as("%s cut at %d of %d", file, cut, whole.length).hasSize((int) complete);
        assertThat(run.err()).contains("read " + (complete + 1) + ", normalized " + complete + ", rejected 1");
      }
    }
  }

  /** How many newline-terminated lines a broken gzip file decompresses to, read byte by byte up to the break. */
  private static long completeLines(Path file) throws IOException {
    long lines = 0;
    try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
      int b;
      while ((b = in.read()) != -1) {
        lines += b == '\n' ? 1 : 0;
      }
    } catch (java.io.EOFException expected) {
      // the break
    }
    return lines;
  }

  /** What scheduled exports write when nothing matched: zero records, not an unrecognised file. */
  @Test
  void emptyExportsAreZeroRecords() throws Exception {
    Path gcloud = Files.writeString(tmp.resolve("gcloud-nothing.json"), "[]\n");
    Path lookup = Files.writeString(tmp.resolve("lookup-nothing.json"), "{\"Events\": [], \"NextToken\": null}\n");

    Cli.Run run = Cli.run("normalize", gcloud, lookup);

    assertThat(run.exit()).as(run.err()).isEqualTo(0);
    assertThat(run.err()).contains("total: 2 sources, read 0, normalized 0, rejected 0").doesNotContain("nothing read");
  }

  /** The command list of the top-level help shows each command's first sentence whole. */
  @Test
  void theTopLevelHelpListsEveryCommandWithAWholeSentence() {
    Cli.Run help = Cli.run("--help");

    // an entry starts two spaces in; picocli wraps it onto lines indented further
    List<StringBuilder> entries = new java.util.ArrayList<>();
    help.outLines().stream().dropWhile(l -> !l.startsWith("Commands:")).skip(1).forEach(l -> {
      if (l.startsWith("  ") && !l.startsWith("   ")) {
        entries.add(new StringBuilder(l.strip()));
      } else {
        entries.get(entries.size() - 1).append(' ').append(l.strip());
      }
    });
    assertThat(entries).extracting(e -> e.toString().split(" ")[0])
        .containsExactly("normalize", "attribute", "trace", "activity", "collect", "help");
    assertThat(entries).allSatisfy(e -> assertThat(e.toString()).endsWith("."));
  }
}
