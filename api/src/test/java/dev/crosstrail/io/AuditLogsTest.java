package dev.crosstrail.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.crosstrail.model.AuditEvent;
import dev.crosstrail.model.Cloud;
import dev.crosstrail.model.Outcome;
import dev.crosstrail.model.Principal;
import dev.crosstrail.model.PrincipalKind;
import dev.crosstrail.model.RecordLocation;
import dev.crosstrail.spi.AuditLogFormat;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Collections;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The facade's own duties: content-based recognition (not file names), gzip, directory walking
 * without digests, per-source summaries that add up, and strict mode. A tiny line format stands in
 * for the providers: lines "ok <id>" are events, anything else is rejected.
 */
class AuditLogsTest {

  @TempDir
  Path dir;

  private final AuditLogs logs = AuditLogs.of(List.of(new LineFormat())).withParallelism(2);

  @Test
  void recognisesContentWhateverTheFileIsCalled() throws IOException {
    Path misnamed = write("trail.json.gz", "ok a\nok b\n");
    List<AuditEvent> events = new ArrayList<>();

    ReadReport report = logs.read(List.of(misnamed), ReadOptions.DEFAULTS, events::add);

    assertThat(report.sources()).singleElement().satisfies(s -> {
      assertThat(s.format()).isEqualTo("test-lines");
      assertThat(s.read()).isEqualTo(2);
      assertThat(s.normalized()).isEqualTo(2);
    });
    assertThat(events).extracting(AuditEvent::id).containsExactly("a", "b");
  }

  @Test
  void decompressesGzipByItsMagicBytes() throws IOException {
    Path gz = dir.resolve("plain-name.json");
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
      out.write("ok zipped\n".getBytes(StandardCharsets.UTF_8));
    }
    List<AuditEvent> events = new ArrayList<>();

    logs.read(List.of(gz), ReadOptions.DEFAULTS, events::add);

    assertThat(events).extracting(AuditEvent::id).containsExactly("zipped");
  }

  @Test
  void aGzipTruncatedInsideTheHeadStillYieldsItsRecordsAndOneRejection() throws IOException {
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    try (OutputStream out = new GZIPOutputStream(bytes)) {
      for (int i = 0; i < 200; i++) {
        out.write(("ok " + i + "\n").getBytes(StandardCharsets.UTF_8));
      }
    }
    byte[] whole = bytes.toByteArray();
    Path cut = dir.resolve("cut.gz");
    Files.write(cut, java.util.Arrays.copyOf(whole, whole.length - 12));
    List<AuditEvent> events = new ArrayList<>();

    SourceSummary s = logs.read(cut, ReadOptions.DEFAULTS, events::add);

    assertThat(s.format()).isEqualTo("test-lines");
    assertThat(events).isNotEmpty().hasSize((int) s.normalized());
    assertThat(s.rejected()).isEqualTo(1);
    assertThat(s.rejections().get(0).reason()).startsWith("input breaks off");
  }

  @Test
  void walksDirectoriesInPathOrderAndSkipsDigestsAndHiddenFiles() throws IOException {
    write("AWSLogs/111111111111/CloudTrail/us-east-1/2026/01/02/b.json", "ok b\n");
    write("AWSLogs/111111111111/CloudTrail/us-east-1/2026/01/01/a.json", "ok a\n");
    write("AWSLogs/111111111111/CloudTrail-Digest/us-east-1/2026/01/01/digest.json.gz", "ok digest\n");
    write("AWSLogs/.DS_Store", "ok hidden\n");

    List<Path> files = AuditLogs.expand(List.of(dir));

    assertThat(files).extracting(p -> p.getFileName().toString()).containsExactly("a.json", "b.json");
    // what is not read is still named, with the reason
    ReadReport report = logs.read(List.of(dir), ReadOptions.strict(), e -> { });
    assertThat(report.skipped()).extracting(ReadReport.SkippedFile::source, ReadReport.SkippedFile::reason)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(dir.resolve("AWSLogs/.DS_Store").toString(), "hidden file: not read"),
            org.assertj.core.groups.Tuple.tuple(dir.resolve("AWSLogs/111111111111/CloudTrail-Digest").toString(),
                "CloudTrail digest (log-file integrity hashes, not events): not read"));
  }

  @Test
  void followsSymbolicLinksReadsEachFileOnceAndNamesALoop() throws IOException {
    Path elsewhere = write("elsewhere/2026/a.json", "ok a\n").getParent().getParent();
    Files.createDirectories(dir.resolve("export"));
    Files.createSymbolicLink(dir.resolve("export/linked"), elsewhere);
    Files.createSymbolicLink(dir.resolve("export/again"), elsewhere);
    Files.createSymbolicLink(dir.resolve("elsewhere/2026/back"), dir.resolve("elsewhere"));
    List<AuditEvent> events = Collections.synchronizedList(new ArrayList<>());

    ReadReport report = logs.read(List.of(dir.resolve("export")), ReadOptions.DEFAULTS, events::add);

    assertThat(events).extracting(AuditEvent::id).containsExactly("a");
    assertThat(report.skipped()).extracting(ReadReport.SkippedFile::reason)
        .containsOnly("symbolic link loop: leads back to a directory already being read").hasSize(2);
  }

  /** A directory named twice, or inside another one named, is read once; what it skips is listed once. */
  @Test
  void whatIsSkippedIsListedOnceHoweverOftenItIsReached() throws IOException {
    write("AWSLogs/111111111111/CloudTrail-Digest/d.json", "ok digest\n");
    write("AWSLogs/111111111111/CloudTrail/a.json", "ok a\n");
    List<AuditEvent> events = Collections.synchronizedList(new ArrayList<>());

    ReadReport report = logs.read(List.of(dir, dir.resolve("AWSLogs"), dir), ReadOptions.DEFAULTS, events::add);

    assertThat(events).extracting(AuditEvent::id).containsExactly("a");
    assertThat(report.skipped()).extracting(ReadReport.SkippedFile::source)
        .containsExactly(dir.resolve("AWSLogs/111111111111/CloudTrail-Digest").toString());
  }

  /** A trail bucket with Insights enabled: their folder and files are listed, not read, even in strict mode. */
  @Test
  void cloudTrailInsightsFilesAreSkippedLikeDigests() throws IOException {
    write("AWSLogs/111111111111/CloudTrail/us-east-1/2026/04/01/a.json", "ok a\n");
    write("AWSLogs/111111111111/CloudTrail-Insight/us-east-1/2026/04/01/"
        + "111111111111_CloudTrail-Insight_us-east-1_20260401T1000Z_abc.json", "not a record\n");
    write("moved/111111111111_CloudTrail-Insight_us-east-1_20260401T1000Z_abc.json", "not a record\n");
    List<AuditEvent> events = Collections.synchronizedList(new ArrayList<>());

    ReadReport report = logs.read(List.of(dir.resolve("AWSLogs"), dir.resolve("moved")), ReadOptions.strict(),
        events::add);

    assertThat(events).extracting(AuditEvent::id).containsExactly("a");
    assertThat(report.skipped()).extracting(ReadReport.SkippedFile::reason).hasSize(2)
        .allSatisfy(r -> assertThat(r).startsWith("CloudTrail Insights events"));
    assertThat(report.readFailures()).isEmpty();
  }

  @Test
  void aBrokenLinkIsNamedAsSuch() throws IOException {
    write("export/a.json", "ok a\n");
    Files.createSymbolicLink(dir.resolve("export/gone.json"), dir.resolve("nowhere.json"));

    ReadReport report = logs.read(List.of(dir.resolve("export")), ReadOptions.DEFAULTS, e -> { });

    assertThat(report.skipped()).extracting(ReadReport.SkippedFile::reason)
        .containsExactly("broken symbolic link: its target does not exist");
  }

  /**
   * A file the system fails to read is no record and no format's business: it is a read failure, named
   * or found in a directory. {@code /proc/self/mem} stands in for it (it opens, and reading at offset 0
   * fails with EIO): tests run as root here, where permissions do not refuse a read.
   */
  @Test
  void aFileTheSystemFailsToReadIsAReadFailureNotARecord() throws IOException {
    Path failing = Path.of("/proc/self/mem");
    assumeTrue(Files.exists(failing), "needs Linux /proc");
    write("export/a.json", "ok a\n");
    Files.createSymbolicLink(dir.resolve("export/mem.json"), failing);

    for (List<Path> paths : List.of(List.of(dir.resolve("export")), List.of(dir.resolve("export/a.json"), failing))) {
      ReadReport report = logs.read(paths, ReadOptions.strict(), e -> { });

      assertThat(report.read()).as("%s", paths).isEqualTo(1);
      assertThat(report.rejected()).isZero();
      assertThat(report.readFailures()).singleElement().satisfies(f -> {
        assertThat(f.reason()).startsWith("cannot read: ");
        assertThat(f.readFailed()).isTrue();
      });
    }
  }

  /**
   * Read alone, such a file has no report to list it in: the single-source reads throw, naming the file and
   * the reason, rather than answer with a summary that calls the failure a rejected record.
   */
  @Test
  void aSingleSourceTheSystemFailsToReadThrows() throws IOException {
    Path failing = Path.of("/proc/self/mem");
    assumeTrue(Files.exists(failing), "needs Linux /proc");

    for (ReadOptions options : List.of(ReadOptions.DEFAULTS, ReadOptions.strict())) {
      assertThatThrownBy(() -> logs.read(failing, options, e -> { }))
          .isInstanceOf(CrossTrailException.class).isNotInstanceOf(MalformedRecordException.class)
          .hasMessageStartingWith("cannot read " + failing + ": ");
      try (InputStream in = Files.newInputStream(failing)) {
        assertThatThrownBy(() -> logs.read("memory", in, options, e -> { }))
            .isInstanceOf(CrossTrailException.class).isNotInstanceOf(MalformedRecordException.class)
            .hasMessageStartingWith("cannot read memory: ");
      }
    }
  }

  /** A gzip cut short before its header ends is bad data, a rejected record as before: no read failure. */
  @Test
  void aGzipTooShortForItsHeaderIsARejectionNotAReadFailure() throws IOException {
    write("export/a.json", "ok a\n");
    Files.write(dir.resolve("export/b.json.gz"), new byte[] {0x1f, (byte) 0x8b, 0x08});

    ReadReport report = logs.read(List.of(dir.resolve("export")), ReadOptions.DEFAULTS, e -> { });

    assertThat(report.readFailures()).isEmpty();
    assertThat(report.rejected()).isEqualTo(1);
    assertThat(report.sources()).flatExtracting(SourceSummary::rejections).singleElement()
        .satisfies(r -> assertThat(r.reason()).isEqualTo("cannot read: the file ends early (a truncated download?)"));
  }

  @Test
  void filesThatAreNotAuditLogsAreNoReadFailures() throws IOException {
    write("export/a.json", "ok a\n");
    write("export/README.md", "# notes\n");

    ReadReport report = logs.read(List.of(dir.resolve("export")), ReadOptions.DEFAULTS, e -> { });

    assertThat(report.skipped()).hasSize(1);
    assertThat(report.readFailures()).isEmpty();
  }

  @Test
  void aLinkUpToAnAncestorIsNotFollowed() throws IOException {
    write("beside.json", "ok beside\n");
    write("export/a.json", "ok a\n");
    Files.createSymbolicLink(dir.resolve("export/up"), dir);
    List<AuditEvent> events = Collections.synchronizedList(new ArrayList<>());

    ReadReport report = logs.read(List.of(dir.resolve("export")), ReadOptions.DEFAULTS, events::add);

    assertThat(events).extracting(AuditEvent::id).containsExactly("a");
    assertThat(report.skipped()).extracting(ReadReport.SkippedFile::reason)
        .containsExactly("symbolic link to a directory that contains the one being read: not followed");
  }

  @Test
  void aDirectoryWithNothingToReadGivesNoSourcesAndNamesWhatItSkipped() throws IOException {
    write("export/.hidden.json", "ok a\n");

    ReadReport report = logs.read(List.of(dir.resolve("export")), ReadOptions.DEFAULTS, e -> { });

    assertThat(report.sources()).isEmpty();
    assertThat(report.skipped()).hasSize(1);
  }

  @Test
  void unrecognisedAndEmptyFilesAreReportedAsRejectedNotDropped() throws IOException {
    Path notALog = write("notes.txt", "hello world\n");
    Path empty = write("empty.json", "");
    List<AuditEvent> events = Collections.synchronizedList(new ArrayList<>());

    ReadReport report = logs.read(List.of(notALog, empty), ReadOptions.DEFAULTS, events::add);

    assertThat(events).isEmpty();
    assertThat(report.read()).isEqualTo(2);
    assertThat(report.rejected()).isEqualTo(2);
    assertThat(report.sources().get(0).rejections()).singleElement().satisfies(r -> {
      assertThat(r.location().source()).isEqualTo(notALog.toString());
      assertThat(r.reason()).startsWith("not a recognised CloudTrail or Cloud Audit Log format");
      assertThat(r.excerpt()).contains("hello world\n");
    });
    assertThat(report.sources().get(1).rejections().get(0).reason()).isEqualTo("empty file: no audit records");
  }

  @Test
  void filesInADirectoryThatAreNotLogsAreSkippedWithTheirReasonEvenInStrictMode() throws IOException {
    write("export/README.md", "# how this export was made\n");
    write("export/empty.json", "");
    Path log = write("export/logs/a.json", "ok a\n");
    List<AuditEvent> events = new ArrayList<>();

    ReadReport report = logs.read(List.of(dir.resolve("export")), ReadOptions.strict(), events::add);

    assertThat(events).extracting(AuditEvent::id).containsExactly("a");
    assertThat(report.sources()).extracting(SourceSummary::source).containsExactly(log.toString());
    assertThat(report.skipped()).extracting(ReadReport.SkippedFile::source, ReadReport.SkippedFile::reason)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(dir.resolve("export/README.md").toString(),
                "not a recognised CloudTrail or Cloud Audit Log format (expected {\"Records\":[…]}, lookup-events "
                    + "output, EventBridge events, a LogEntry array or one JSON record per line)"),
            org.assertj.core.groups.Tuple.tuple(dir.resolve("export/empty.json").toString(),
                "empty file: no audit records"));
    assertThat(report.read()).isEqualTo(1);
  }

  @Test
  void aFileReachedTwiceIsReadOnce() throws IOException {
    Path file = write("twice/a.log", "ok a\n");
    List<AuditEvent> events = Collections.synchronizedList(new ArrayList<>());

    ReadReport report = logs.read(List.of(dir.resolve("twice"), file, dir.resolve("twice/../twice/a.log")),
        ReadOptions.DEFAULTS, events::add);

    assertThat(events).hasSize(1);
    assertThat(report.sources()).hasSize(1);
  }

  @Test
  void countsAddUpAcrossMixedGoodAndBadFilesReadInParallel() throws IOException {
    List<Path> files = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      files.add(write("f" + i + ".log", "ok " + i + "-1\nbad\nok " + i + "-2\n"));
    }
    List<AuditEvent> events = Collections.synchronizedList(new ArrayList<>());

    ReadReport report = logs.read(files, ReadOptions.DEFAULTS, events::add);

    assertThat(report.read()).isEqualTo(24);
    assertThat(report.normalized()).isEqualTo(16).isEqualTo(events.size());
    assertThat(report.rejected()).isEqualTo(8);
    assertThat(report.sources()).extracting(SourceSummary::source)
        .containsExactlyElementsOf(files.stream().map(Path::toString).toList());
    assertThat(report.sources().get(3).rejections()).singleElement()
        .satisfies(r -> assertThat(r.location()).isEqualTo(new RecordLocation(files.get(3).toString(), 1, 2, 7)));
  }

  @Test
  void strictModeThrowsWithTheLocationOfTheFirstBadRecord() throws IOException {
    Path file = write("strict.log", "ok 1\nbad\n");

    assertThatThrownBy(() -> logs.read(List.of(file), ReadOptions.strict(), e -> { }))
        .isInstanceOf(MalformedRecordException.class)
        .satisfies(e -> assertThat(((MalformedRecordException) e).location())
            .isEqualTo(new RecordLocation(file.toString(), 1, 2, 5)))
        .hasMessageContaining("strict.log record 1 line 2 byte 5: expected 'ok <id>'")
        .hasMessageEndingWith("(read leniently, the default, to skip bad records and report them instead)");
  }

  /** A named pipe in the test's directory, or the test is skipped where mkfifo is missing. */
  private Path fifo(String name) throws Exception {
    Path fifo = dir.resolve(name);
    Process mkfifo;
    try {
      mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
    } catch (IOException e) {
      assumeTrue(false, "mkfifo is not available here");
      return fifo;
    }
    assumeTrue(mkfifo.waitFor() == 0, "mkfifo failed");
    return fifo;
  }

  /** A thread that opens {@code fifo} for writing and hands the stream to {@code writing}. */
  private static Thread writer(Path fifo, IoConsumer<OutputStream> writing) {
    Thread t = new Thread(() -> {
      try (OutputStream out = Files.newOutputStream(fifo)) {
        writing.accept(out);
      } catch (IOException e) {
        // the reader closed its end (a stopped read): nothing more to write
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    t.start();
    return t;
  }

  private interface IoConsumer<T> {
    void accept(T t) throws IOException, InterruptedException;
  }

  private static byte[] gzip(String text) throws IOException {
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    try (OutputStream out = new GZIPOutputStream(bytes)) {
      out.write(text.getBytes(StandardCharsets.UTF_8));
    }
    return bytes.toByteArray();
  }

  /** A named pipe (as a shell's <(…) or /dev/stdin gives) is read once as a stream, not called missing. */
  @Test
  void aNamedPipeIsReadAsAStream() throws Exception {
    Path fifo = fifo("fifo");
    Thread writer = writer(fifo, out -> out.write("ok a\nbad\nok b\n".getBytes(StandardCharsets.UTF_8)));
    List<AuditEvent> events = Collections.synchronizedList(new ArrayList<>());

    ReadReport report = logs.read(List.of(fifo, write("plain.log", "ok c\n")), ReadOptions.DEFAULTS, events::add);
    writer.join();

    assertThat(report.skipped()).isEmpty();
    assertThat(report.sources()).extracting(SourceSummary::source).contains(fifo.toString());
    assertThat(report.read()).isEqualTo(4);
    assertThat(report.rejected()).isEqualTo(1);
    assertThat(events).extracting(AuditEvent::id).containsExactlyInAnyOrder("a", "b", "c");
  }

  /**
   * Two gzip members piped in with a pause between them (cat a.gz; sleep; cat b.gz): gzip looks for the
   * second member only if the stream says more is available, which a pipe whose writer is behind does not.
   */
  @Test
  void aPipedGzipOfSeveralMembersIsReadWhole() throws Exception {
    Path fifo = fifo("members");
    byte[] first = gzip("ok a\nok b\n");
    byte[] second = gzip("ok c\nok d\n");
    Thread writer = writer(fifo, out -> {
      out.write(first);
      out.flush();
      Thread.sleep(300); // the reader reaches the end of the first member before the second is written
      out.write(second);
    });
    List<AuditEvent> events = Collections.synchronizedList(new ArrayList<>());

    ReadReport report = logs.read(List.of(fifo), ReadOptions.DEFAULTS, events::add);
    writer.join();

    assertThat(events).extracting(AuditEvent::id).containsExactly("a", "b", "c", "d");
    assertThat(report.read()).isEqualTo(4);
  }

  /** One pipe under two names (/dev/stdin and /dev/fd/0) is read once: two reads would split its bytes. */
  @Test
  void aPipeNamedTwiceIsReadOnce() throws Exception {
    Path fifo = fifo("twice");
    Path link = Files.createSymbolicLink(dir.resolve("twice-link"), fifo);
    Thread writer = writer(fifo, out -> out.write("ok a\nok b\n".getBytes(StandardCharsets.UTF_8)));
    List<AuditEvent> events = Collections.synchronizedList(new ArrayList<>());

    ReadReport report = logs.withParallelism(2).read(List.of(fifo, link), ReadOptions.DEFAULTS, events::add);
    writer.join();

    assertThat(report.sources()).hasSize(1);
    assertThat(events).extracting(AuditEvent::id).containsExactly("a", "b");
  }

  /**
   * A strict read stops at another file's bad record without waiting for a pipe whose writer has more to
   * say later: the pipe's read is interrupted. (The timeout only guards against the hang this prevents.)
   */
  @Test
  void aStrictStopDoesNotWaitForASlowPipe() throws Exception {
    Path fifo = fifo("slow");
    java.util.concurrent.CountDownLatch readerDone = new java.util.concurrent.CountDownLatch(1);
    Thread writer = writer(fifo, out -> {
      out.write("ok a\n".getBytes(StandardCharsets.UTF_8));
      out.flush();
      readerDone.await(); // keeps the pipe open, with nothing more in it, until the read is over
    });
    Path bad = write("strict-bad.log", "ok first\nbad\n");
    try {
      org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(60), () ->
          assertThatThrownBy(() -> logs.withParallelism(2).read(List.of(fifo, bad), ReadOptions.strict(), e -> { }))
              .isInstanceOf(MalformedRecordException.class));
    } finally {
      readerDone.countDown();
      writer.join();
    }
  }

  @Test
  void aMissingPathIsAnErrorNamingIt() {
    Path missing = dir.resolve("nope");

    assertThatThrownBy(() -> logs.read(List.of(missing), ReadOptions.DEFAULTS, e -> { }))
        .isInstanceOf(CrossTrailException.class)
        .hasMessage("No such file or directory: " + missing);
  }

  @Test
  void keepsAtMostTheCapOfRejectionsButCountsThemAll() throws IOException {
    Path file = write("many-bad.log", "ok first\n" + "bad\n".repeat(SourceSummary.MAX_KEPT_REJECTIONS + 5));

    SourceSummary s = logs.read(file, ReadOptions.DEFAULTS, e -> { });

    assertThat(s.read()).isEqualTo(SourceSummary.MAX_KEPT_REJECTIONS + 6);
    assertThat(s.rejected()).isEqualTo(SourceSummary.MAX_KEPT_REJECTIONS + 5);
    assertThat(s.rejections()).hasSize(SourceSummary.MAX_KEPT_REJECTIONS);
  }

  @Test
  void aRejectionListenerSeesEveryRejectionPastTheCapInOrder() throws IOException {
    int bad = SourceSummary.MAX_KEPT_REJECTIONS + 5;
    Path file = write("many-bad.log", "ok first\n" + "bad\n".repeat(bad));
    List<Rejection> heard = new ArrayList<>();

    SourceSummary s = logs.onRejection(heard::add).read(file, ReadOptions.DEFAULTS, e -> { });

    assertThat(s.rejections()).hasSize(SourceSummary.MAX_KEPT_REJECTIONS);
    assertThat(heard).hasSize(bad);
    assertThat(heard.subList(0, SourceSummary.MAX_KEPT_REJECTIONS)).isEqualTo(s.rejections());
    assertThat(heard.get(bad - 1).location()).isEqualTo(new RecordLocation(file.toString(), bad, bad + 1, 9L + 4 * (bad - 1)));
  }

  /**
   * Files read in parallel call one listener that is not thread-safe: each call is made alone, and every
   * rejection of every source arrives, including a file's only rejection and a directory's.
   */
  @Test
  void aRejectionListenerHearsEverySourceOneCallAtATime() throws IOException {
    List<Path> files = new ArrayList<>();
    for (int f = 0; f < 8; f++) {
      files.add(write("d/f" + f + ".log", "ok x" + f + "\n" + "bad\n".repeat(300)));
    }
    Path notALog = write("named.txt", "not an audit log");
    files.add(notALog);
    List<Rejection> heard = new ArrayList<>(); // an ArrayList: concurrent adds would lose some or throw
    java.util.concurrent.atomic.AtomicInteger inside = new java.util.concurrent.atomic.AtomicInteger();
    java.util.concurrent.atomic.AtomicInteger overlaps = new java.util.concurrent.atomic.AtomicInteger();

    ReadReport report = logs.withParallelism(4).onRejection(r -> {
      if (inside.incrementAndGet() > 1) {
        overlaps.incrementAndGet();
      }
      heard.add(r);
      Thread.yield();
      inside.decrementAndGet();
    }).read(files, ReadOptions.DEFAULTS, e -> { });

    assertThat(overlaps).hasValue(0);
    assertThat(heard).hasSize((int) report.rejected()).hasSize(8 * 300 + 1);
    assertThat(heard).anySatisfy(r -> assertThat(r.location().source()).isEqualTo(notALog.toString()));
  }

  private Path write(String name, String content) throws IOException {
    Path p = dir.resolve(name);
    Files.createDirectories(p.getParent());
    Files.writeString(p, content);
    return p;
  }

  /** Lines "ok ID" are events; any other line is rejected. */
  private static final class LineFormat implements AuditLogFormat {
    @Override
    public Cloud cloud() {
      return Cloud.AWS;
    }

    @Override
    public Optional<String> recognize(byte[] head, int length) {
      return new String(head, 0, length, StandardCharsets.UTF_8).startsWith("ok ")
          ? Optional.of("test-lines") : Optional.empty();
    }

    @Override
    public SourceSummary read(InputStream in, Tally tally, Consumer<AuditEvent> sink) throws IOException {
      String source = tally.source();
      tally.format("test-lines");
      BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      long offset = 0;
      String line;
      while ((line = readLine(reader, tally, source, offset)) != null) {
        long index = tally.read();
        RecordLocation at = new RecordLocation(source, index, index + 1, offset);
        if (line.startsWith("ok ")) {
          sink.accept(event(line.substring(3), at));
          tally.normalized();
        } else {
          tally.reject(new Rejection(at, "expected 'ok <id>'", Optional.of(line)), null);
        }
        offset += line.length() + 1;
      }
      return tally.summary();
    }

    private static String readLine(BufferedReader reader, Tally tally, String source, long offset) {
      try {
        return reader.readLine();
      } catch (IOException e) {
        tally.reject(new Rejection(new RecordLocation(source, tally.read(), -1, offset),
            "input breaks off: " + e.getMessage(), Optional.empty()), e);
        return null;
      }
    }

    private static AuditEvent event(String id, RecordLocation at) {
      return new AuditEvent(Cloud.AWS, id, Instant.EPOCH, "test", "Test",
          Principal.of("arn:aws:iam::111111111111:user/alice", PrincipalKind.IAM_USER, Cloud.AWS),
          Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
          List.of(), Outcome.SUCCESS, false, List.of(), Optional.empty(), Optional.empty(), at);
    }
  }
}
