package dev.crosstrail.aws.collect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pieces without HTTP: pacing, checkpoints, settings. */
class CollectorUnitsTest {

  @TempDir
  Path out;

  @Test
  void pacerSpacesAcquisitionsByTheIntervalOnFakeTime() {
    AtomicLong now = new AtomicLong(1_000);
    List<Long> sleeps = new ArrayList<>();
    RequestPacer pacer = new RequestPacer(Duration.ofMillis(500), now::get, n -> {
      sleeps.add(n);
      now.addAndGet(n);
    });

    pacer.acquire();              // t = 0: goes at once
    now.addAndGet(200_000_000);   // 0.2 s later
    pacer.acquire();              // waits the remaining 0.3 s
    pacer.acquire();              // waits a full 0.5 s
    now.addAndGet(2_000_000_000); // idle for 2 s: no credit is saved up beyond one request
    pacer.acquire();
    pacer.acquire();

    assertThat(sleeps).containsExactly(300_000_000L, 500_000_000L, 500_000_000L);
  }

  @Test
  void pendingIdsCountOnlyWhenTheirFileWasMovedIntoPlace() throws IOException {
    CheckpointStore store = new CheckpointStore(out);
    CollectionSource source = CollectionSource.eventHistory("229654561268", "us-east-1");
    String moved = "AWSLogs/229654561268/CloudTrail/us-east-1/2024/08/01/a.json.gz";
    String notMoved = "AWSLogs/229654561268/CloudTrail/us-east-1/2024/08/02/b.json.gz";
    Files.createDirectories(out.resolve(moved).getParent());
    Files.write(out.resolve(moved), new byte[] {1});
    Instant t = Instant.parse("2024-08-01T13:33:28Z");
    store.save(source, new Checkpoint(Optional.of(Instant.parse("2024-08-01T13:00:00Z")), Map.of("old", t),
        List.of(new Checkpoint.Pending(moved, Map.of("in-a", t)), new Checkpoint.Pending(notMoved, Map.of("in-b", t)))));

    Checkpoint loaded = store.load(source);

    assertThat(loaded.collectedUntil()).contains(Instant.parse("2024-08-01T13:00:00Z"));
    assertThat(loaded.seen()).containsOnlyKeys("old", "in-a");
    assertThat(loaded.pending()).isEmpty();
  }

  @Test
  void aCheckpointOfAnotherSourceIsRefusedWithWhatToDo() throws IOException {
    CheckpointStore store = new CheckpointStore(out);
    CollectionSource source = CollectionSource.eventHistory("229654561268", "us-east-1");
    Files.createDirectories(store.fileFor(source).getParent());
    Files.writeString(store.fileFor(source), """
        {"version": 1, "source": "event history of 111122223333 in us-east-1", "seen": {}, "pending": []}
        """);

    assertThatThrownBy(() -> store.load(source)).isInstanceOf(CollectionException.class)
        .hasMessageContaining("111122223333").hasMessageContaining("Delete it");
  }

  @Test
  void checkpointFilesAreHiddenFromReaders() {
    Path file = new CheckpointStore(out).fileFor(
        CollectionSource.trailBucket("229654561268", "eu-west-1", "s3://org-trail-logs/AWSLogs/o-exampleorgid/"));
    assertThat(file.getFileName().toString()).startsWith(".")
        .isEqualTo(".trail-bucket_org-trail-logs_AWSLogs_o-exampleorgid__229654561268_eu-west-1.json");
  }

  @Test
  void settingsAreCheckedWhenBuilt() {
    AwsAccount account = AwsAccount.of("229654561268", CredentialSource.defaultChain());
    assertThatThrownBy(() -> AwsAccount.of("22965456126", CredentialSource.defaultChain()))
        .hasMessageContaining("12 digits");
    assertThatThrownBy(() -> AwsAccount.of("111122223333",
        CredentialSource.assumeRole("arn:aws:iam::229654561268:role/CrossTrailReader")))
        .hasMessageContaining("of another account");
    assertThat(AwsAccount.assumingRole("arn:aws:iam::229654561268:role/CrossTrailReader").id())
        .isEqualTo("229654561268");
    assertThatThrownBy(() -> AwsAccount.assumingRole("arn:aws:iam::229654561268:user/alice"))
        .hasMessageContaining("Not a role ARN");
    assertThatThrownBy(() -> CloudTrailCollector.newBuilder().outputDirectory(out).account(account).build())
        .hasMessageContaining("at least one region");
    assertThatThrownBy(() -> CloudTrailCollector.newBuilder().outputDirectory(out).account(account)
        .region("us-east-1").cloudTrailEndpoint("eu-west-1", URI.create("http://localhost:1")).build())
        .hasMessageContaining("eu-west-1").hasMessageContaining("[us-east-1]");
    assertThatThrownBy(() -> CloudTrailCollector.newBuilder().outputDirectory(out).account(account)
        .region("us-east-1").startTime(Instant.parse("2024-08-02T00:00:00Z"))
        .endTime(Instant.parse("2024-08-01T00:00:00Z")).build())
        .hasMessageContaining("2024-08-02T00:00:00Z").hasMessageContaining("2024-08-01T00:00:00Z");
    assertThatThrownBy(() -> CloudTrailCollector.newBuilder().lookupAttribute("EventNames", "AssumeRole"))
        .hasMessageContaining("EventNames");
    assertThatThrownBy(() -> CloudTrailCollector.newBuilder().region("EU-WEST-1"))
        .hasMessageContaining("EU-WEST-1");
    assertThatThrownBy(() -> CloudTrailCollector.newBuilder().account(account)
        .account(AwsAccount.of("229654561268", CredentialSource.profile("audit"))))
        .hasMessageContaining("given twice");
  }
}
