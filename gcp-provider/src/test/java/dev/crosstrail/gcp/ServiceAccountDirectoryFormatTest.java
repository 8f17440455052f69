package dev.crosstrail.gcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.crosstrail.graph.PrincipalDirectory;
import dev.crosstrail.io.CrossTrailException;
import dev.crosstrail.io.PrincipalDirectories;
import dev.crosstrail.spi.PrincipalDirectoryFormat;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Service-account listings as directory files. The example dataset's listing
 * (examples/data/directory) is read as gcloud wrote it; expectations are read off the file by hand.
 */
class ServiceAccountDirectoryFormatTest {

  private static final Path EXAMPLES = Path.of("..", "examples", "data");

  @TempDir
  Path dir;

  @Test
  void theFormatIsFoundWithServiceLoader() {
    assertThat(ServiceLoader.load(PrincipalDirectoryFormat.class).stream().map(ServiceLoader.Provider::type))
        .contains(ServiceAccountDirectoryFormat.class);
  }

  @Test
  void readsTheExampleGcloudListing() {
    PrincipalDirectory d = PrincipalDirectories.read(
        List.of(EXAMPLES.resolve("directory/gcp-my-gcp-project-service-accounts.json")));

    assertThat(d.serviceAccountEmails()).containsOnly(
        Map.entry("116482930174628391045", "718293847561-compute@developer.gserviceaccount.com"),
        Map.entry("108374629105837461920", "kawanago-cc-test-target@my-gcp-project.iam.gserviceaccount.com"),
        Map.entry("100000000000000000001", "kawanago-crosscloud-test-1@my-gcp-project.iam.gserviceaccount.com"),
        Map.entry("100000000000000000002", "kawanago-crosscloud-test-2@my-gcp-project.iam.gserviceaccount.com"),
        Map.entry("109283746501928374651", "report-uploader@my-gcp-project.iam.gserviceaccount.com"));
    assertThat(d.awsArns()).isEmpty();
  }

  @Test
  void readsARestListPageGzippedWhateverItsName() throws IOException {
    Path gz = dir.resolve("page-2.txt");
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
      out.write("""
          {
            "accounts": [
              {
                "name": "projects/my-gcp-project/serviceAccounts/report-uploader@my-gcp-project.iam.gserviceaccount.com",
                "projectId": "my-gcp-project",
                "uniqueId": "109283746501928374651",
                "email": "report-uploader@my-gcp-project.iam.gserviceaccount.com",
                "displayName": "Report uploader",
                "etag": "MDEwMjE5MjA=",
                "oauth2ClientId": "109283746501928374651"
              },
              {
                "name": "projects/my-gcp-project/serviceAccounts/kawanago-crosscloud-test-2@my-gcp-project.iam.gserviceaccount.com",
                "projectId": "my-gcp-project",
                "uniqueId": "100000000000000000002",
                "email": "kawanago-crosscloud-test-2@my-gcp-project.iam.gserviceaccount.com",
                "disabled": true
              }
            ],
            "nextPageToken": "CiAKGjBpNDd2Nmp2Zml2cXRwYjBpOXA"
          }
          """.getBytes(StandardCharsets.UTF_8));
    }

    PrincipalDirectory d = PrincipalDirectories.read(List.of(gz));

    assertThat(d.serviceAccountEmails()).containsOnly(
        Map.entry("109283746501928374651", "report-uploader@my-gcp-project.iam.gserviceaccount.com"),
        Map.entry("100000000000000000002", "kawanago-crosscloud-test-2@my-gcp-project.iam.gserviceaccount.com"));
  }

  @Test
  void anEmptyGcloudListingIsAnEmptyDirectory() throws IOException {
    Path empty = write("none.json", "[]\n");

    assertThat(PrincipalDirectories.read(List.of(empty))).isEqualTo(PrincipalDirectory.empty());
  }

  @Test
  void auditLogsAreRejectedNamingTheFileAndTheAcceptedFormats() throws IOException {
    Path sink = EXAMPLES.resolve("gcp/cloudaudit.googleapis.com/activity/2026/03/10/03:00:00_03:59:59_S0.json");
    Path loggingRead = write("logging-read.json", """
        [
          {
            "insertName": "1a2b3c4d",
            "logName": "projects/my-gcp-project/logs/cloudaudit.googleapis.com%2Factivity",
            "protoPayload": {
              "@type": "type.googleapis.com/google.cloud.audit.AuditLog",
              "authenticationInfo": {"principalEmail": "alice@example.com"},
              "methodName": "google.iam.admin.v1.CreateServiceAccount",
              "response": {"email": "new-sa@my-gcp-project.iam.gserviceaccount.com",
                           "unique_id": "112233445566778899001"}
            }
          }
        ]
        """);

    for (Path file : List.of(sink, loggingRead)) {
      assertThatThrownBy(() -> PrincipalDirectories.read(List.of(file)))
          .isInstanceOf(CrossTrailException.class)
          .hasMessageContaining(file + " is not in a format crosstrail recognises")
          .hasMessageContaining("gcloud iam service-accounts list --format=json");
    }
  }

  @Test
  void anEntryWithoutAnEmailIsAnErrorWithItsLine() throws IOException {
    Path file = write("sas.json", """
        [
          {"email": "a@my-gcp-project.iam.gserviceaccount.com", "uniqueId": "100000000000000000011"},
          {"displayName": "no email", "uniqueId": "100000000000000000012"}
        ]
        """);

    assertThatThrownBy(() -> PrincipalDirectories.read(List.of(file)))
        .isInstanceOf(CrossTrailException.class)
        .hasMessageContaining("Directory file " + file + " at line 3 column 3: entry 1 of the list "
            + "(100000000000000000012) should have an \"email\", found none");
  }

  @Test
  void oneUniqueIdWithTwoEmailsIsAnErrorNamingBoth() throws IOException {
    Path file = write("sas.json", """
        [
          {"email": "old-name@my-gcp-project.iam.gserviceaccount.com", "uniqueId": "100000000000000000001"},
          {"email": "new-name@my-gcp-project.iam.gserviceaccount.com", "uniqueId": "100000000000000000001"}
        ]
        """);

    assertThatThrownBy(() -> PrincipalDirectories.read(List.of(file)))
        .isInstanceOf(CrossTrailException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("100000000000000000001")
        .hasMessageContaining("old-name@my-gcp-project.iam.gserviceaccount.com")
        .hasMessageContaining("new-name@my-gcp-project.iam.gserviceaccount.com");
  }

  private Path write(String name, String content) throws IOException {
    Path file = dir.resolve(name);
    Files.writeString(file, content, StandardCharsets.UTF_8);
    return file;
  }
}
