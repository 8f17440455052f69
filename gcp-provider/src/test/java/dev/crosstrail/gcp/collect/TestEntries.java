package dev.crosstrail.gcp.collect;

import com.google.api.MonitoredResource;
import com.google.cloud.audit.AuditLog;
import com.google.cloud.audit.AuthenticationInfo;
import com.google.logging.v2.LogEntry;
import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import com.google.protobuf.util.Timestamps;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Log entries and settings shared by the collector tests. */
final class TestEntries {

  private TestEntries() {}

  /** An Admin Activity entry of {@code projects/<project>} by alice. */
  static LogEntry audit(String project, String insertId, String timestamp) {
    return LogEntry.newBuilder()
        .setLogName("projects/" + project + "/logs/cloudaudit.googleapis.com%2Factivity")
        .setInsertId(insertId)
        .setTimestamp(ts(timestamp))
        .setResource(MonitoredResource.newBuilder().setType("service_account").putLabels("project_id", project))
        .setProtoPayload(Any.pack(AuditLog.newBuilder()
            .setServiceName("iam.googleapis.com")
            .setMethodName("google.iam.admin.v1.CreateServiceAccount")
            .setResourceName("projects/" + project + "/serviceAccounts/deployer@" + project + ".iam.gserviceaccount.com")
            .setAuthenticationInfo(AuthenticationInfo.newBuilder().setPrincipalEmail("alice@example.com"))
            .build()))
        .build();
  }

  /** An entry of another log with a text payload: a valid entry, but no audit record. */
  static LogEntry text(String project, String insertId, String timestamp) {
    return LogEntry.newBuilder()
        .setLogName("projects/" + project + "/logs/syslog")
        .setInsertId(insertId)
        .setTimestamp(ts(timestamp))
        .setTextPayload("kernel: eth0 up")
        .build();
  }

  /** An entry whose protoPayload has this type URL and these bytes. */
  static LogEntry rawPayload(String project, String insertId, String timestamp, String typeUrl, byte[] value) {
    return audit(project, insertId, timestamp).toBuilder()
        .setProtoPayload(Any.newBuilder().setTypeUrl(typeUrl).setValue(ByteString.copyFrom(value)))
        .build();
  }

  static com.google.protobuf.Timestamp ts(String rfc3339) {
    try {
      return Timestamps.parse(rfc3339);
    } catch (ParseException e) {
      throw new IllegalArgumentException(rfc3339, e);
    }
  }

  /** Settings that reach the loopback server over TLS without credentials, with short retries. */
  static CollectorSettings.Builder settings(LoopbackLogging server, Path out, Path ca) {
    return CollectorSettings.newBuilder()
        .resourceNames(List.of("projects/p1"))
        .start(java.time.Instant.parse("2024-05-01T00:00:00Z"))
        .end(java.time.Instant.parse("2024-05-02T00:00:00Z"))
        .outputDirectory(out)
        .credentials(CredentialsSource.none())
        .endpoint(server.endpoint())
        .trustedCertificates(ca)
        .authorityOverride(LoopbackLogging.AUTHORITY)
        .retry(new RetryPolicy(Duration.ofMillis(20), Duration.ofMillis(400), 2.0, 8, Duration.ofSeconds(20),
            Duration.ofSeconds(60)));
  }

  /** Every shard written under {@code out}, relative, sorted, and the insertIds in each, in line order. */
  static List<String> shards(Path out) {
    List<String> result = new ArrayList<>();
    try (Stream<Path> walk = Files.walk(out)) {
      for (Path p : walk.filter(Files::isRegularFile).filter(f -> !f.getFileName().toString().startsWith("."))
          .sorted().toList()) {
        List<String> ids = new ArrayList<>();
        for (String line : Files.readAllLines(p)) {
          ids.add(insertIdOf(line));
        }
        result.add(out.relativize(p).toString().replace('\\', '/') + " " + ids);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return result;
  }

  private static String insertIdOf(String line) throws IOException {
    LogEntry.Builder b = LogEntry.newBuilder();
    com.google.protobuf.util.JsonFormat.parser().usingTypeRegistry(EntryJson.TYPES).merge(line, b);
    return b.getInsertId();
  }
}
