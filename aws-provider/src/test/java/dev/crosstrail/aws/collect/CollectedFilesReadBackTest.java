package dev.crosstrail.aws.collect;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.crosstrail.io.AuditLogs;
import dev.crosstrail.io.ReadOptions;
import dev.crosstrail.io.ReadReport;
import dev.crosstrail.model.AuditEvent;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** What the collector writes, crosstrail's own file readers read back as the same events. */
class CollectedFilesReadBackTest extends CollectorTestSupport {

  @RegisterExtension
  static WireMockExtension wm = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  @TempDir
  Path out;

  @TempDir
  Path originals;

  @Test
  void eventHistoryOutputReadsBackAsTheSameEventsAsTheOriginalRecords() throws IOException {
    wm.stubFor(firstPage().willReturn(json(Fixtures.lookupEventsPage(Fixtures.adminUser(), "page-2"))));
    wm.stubFor(pageWithToken("page-2").willReturn(json(Fixtures.lookupEventsPage(Fixtures.loginProfile(), null))));
    CollectionResult result = builder(out, wm.baseUrl())
        .startTime(Instant.parse("2024-08-01T13:00:00Z"))
        .endTime(Instant.parse("2024-08-01T14:00:00Z"))
        .build().collectEventHistory();
    assertThat(result.succeeded()).isTrue();

    for (String name : List.of("aws.persistence.iam-create-admin-user.json",
        "aws.persistence.iam-create-user-login-profile.json")) {
      try (InputStream in = getClass().getResourceAsStream("/fixtures/aws/collect/" + name)) {
        Files.copy(in, originals.resolve(name));
      }
    }
    AuditLogs logs = AuditLogs.load().withParallelism(1);
    List<AuditEvent> collected = Collections.synchronizedList(new ArrayList<>());
    List<AuditEvent> expected = Collections.synchronizedList(new ArrayList<>());

    ReadReport report = logs.read(List.of(out), ReadOptions.strict(), collected::add);
    logs.read(List.of(originals), ReadOptions.strict(), expected::add);

    // Only the two trail files: checkpoints and partial files are hidden from the readers.
    assertThat(report.sources()).hasSize(2);
    assertThat(report.read()).isEqualTo(6);
    assertThat(report.rejected()).isZero();
    assertThat(expected).hasSize(6);
    assertThat(collected).usingRecursiveFieldByFieldElementComparatorIgnoringFields("location")
        .containsExactlyInAnyOrderElementsOf(expected);
  }
}
