package dev.crosstrail.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.crosstrail.graph.PrincipalDirectory;
import dev.crosstrail.io.CrossTrailException;
import dev.crosstrail.io.PrincipalDirectories;
import dev.crosstrail.spi.PrincipalDirectoryFormat;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.ServiceLoader;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * IAM listings as directory files. The example dataset's listings (examples/data/directory) are read
 * as the CLI wrote them; expectations are the ids and ARNs read off those files by hand.
 */
class IamDirectoryFormatTest {

  private static final Path EXAMPLES = Path.of("..", "examples", "data", "directory");

  @TempDir
  Path dir;

  @Test
  void theFormatIsFoundWithServiceLoader() {
    assertThat(ServiceLoader.load(PrincipalDirectoryFormat.class).stream().map(ServiceLoader.Provider::type))
        .contains(IamDirectoryFormat.class);
  }

  @Test
  void readsListUsersAndListRolesOfBothExampleAccounts() {
    PrincipalDirectory d = PrincipalDirectories.read(List.of(
        EXAMPLES.resolve("aws-111111111111-iam-list-users.json"),
        EXAMPLES.resolve("aws-111111111111-iam-list-roles.json"),
        EXAMPLES.resolve("aws-210987654321-iam-list-users.json"),
        EXAMPLES.resolve("aws-210987654321-iam-list-roles.json")));

    // 5 + 4 users and roles in A, 1 + 3 in B
    assertThat(d.awsArns()).hasSize(13);
    assertThat(d.awsArn("AIDAAJO7LBMBHLSL7RFVG")).contains("arn:aws:iam::111111111111:user/ci-deployer");
    assertThat(d.awsArn("AIDAV263SJNNASHKD3QZN")).contains("arn:aws:iam::111111111111:user/tanaka");
    assertThat(d.awsArn("AROAZ3RCLG2HGFGWF3LPI")).contains("arn:aws:iam::111111111111:role/kawanago-crosscloud-test");
    assertThat(d.awsArn("AROAR6XOMJNZG7QUNURAU")).contains("arn:aws:iam::111111111111:role/batch-worker-role");
    assertThat(d.awsArn("AIDAGGKARTYLAZZC7U6AD")).contains("arn:aws:iam::210987654321:user/b-admin");
    assertThat(d.awsArn("AROAVPJT3ZWIN7IGT5XJP")).contains("arn:aws:iam::210987654321:role/CrossAccountReadOnly");
    assertThat(d.serviceAccountEmails()).isEmpty();
  }

  @Test
  void readsUsersAndRolesOfGetAccountAuthorizationDetailsAndSkipsGroupsPoliciesAndNestedRoles() throws IOException {
    Path file = write("authz.json", """
        {
          "Policies": [
            {"PolicyName": "ReadOnlyAccess", "PolicyId": "ANPAEXAMPLEPOLICY001",
             "Arn": "arn:aws:iam::aws:policy/ReadOnlyAccess", "PolicyVersionList": []}
          ],
          "UserDetailList": [
            {"Path": "/", "UserName": "tanaka", "UserId": "AIDAV263SJNNASHKD3QZN",
             "Arn": "arn:aws:iam::111111111111:user/tanaka", "GroupList": ["devs"],
             "AttachedManagedPolicies": [{"PolicyName": "ReadOnlyAccess",
               "PolicyArn": "arn:aws:iam::aws:policy/ReadOnlyAccess"}]}
          ],
          "GroupDetailList": [
            {"GroupName": "devs", "GroupId": "AGPAEXAMPLEGROUP0001", "Arn": "arn:aws:iam::111111111111:group/devs"}
          ],
          "RoleDetailList": [
            {"Path": "/", "RoleName": "batch-worker-role", "RoleId": "AROAR6XOMJNZG7QUNURAU",
             "Arn": "arn:aws:iam::111111111111:role/batch-worker-role",
             "InstanceProfileList": [
               {"InstanceProfileName": "batch-worker", "InstanceProfileId": "AIPAEXAMPLEPROFILE01",
                "Arn": "arn:aws:iam::111111111111:instance-profile/batch-worker",
                "Roles": [{"RoleName": "nested-copy", "RoleId": "AROANESTEDCOPY000001",
                           "Arn": "arn:aws:iam::111111111111:role/nested-copy"}]}
             ],
             "RolePolicyList": [], "AttachedManagedPolicies": []}
          ],
          "IsTruncated": false
        }
        """);

    PrincipalDirectory d = PrincipalDirectories.read(List.of(file));

    assertThat(d.awsArns()).containsOnly(
        java.util.Map.entry("AIDAV263SJNNASHKD3QZN", "arn:aws:iam::111111111111:user/tanaka"),
        java.util.Map.entry("AROAR6XOMJNZG7QUNURAU", "arn:aws:iam::111111111111:role/batch-worker-role"));
  }

  @Test
  void readsAGzippedListingOfTenThousandUsers() throws IOException {
    Path gz = dir.resolve("users.json.gz");
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz));
        JsonGenerator g = new JsonFactory().createGenerator(out)) {
      g.writeStartObject();
      g.writeArrayFieldStart("Users");
      for (int i = 0; i < 10_000; i++) {
        g.writeStartObject();
        g.writeStringField("Path", "/");
        g.writeStringField("UserName", "user" + i);
        g.writeStringField("UserId", String.format("AIDA%016d", i));
        g.writeStringField("Arn", "arn:aws:iam::111111111111:user/user" + i);
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeBooleanField("IsTruncated", false);
      g.writeEndObject();
    }

    PrincipalDirectory d = PrincipalDirectories.read(List.of(gz));

    assertThat(d.awsArns()).hasSize(10_000);
    assertThat(d.awsArn("AIDA0000000000000000")).contains("arn:aws:iam::111111111111:user/user0");
    assertThat(d.awsArn("AIDA0000000000009999")).contains("arn:aws:iam::111111111111:user/user9999");
  }

  @Test
  void aCloudTrailLogFileIsRejectedNamingTheFileAndTheAcceptedFormats() {
    Path trail = Path.of("..", "examples", "data", "aws", "AWSLogs", "111111111111", "CloudTrail", "us-east-1",
        "2026", "03", "10", "111111111111_CloudTrail_us-east-1_20260310T0220Z_LYrMbtbCGLd85Xb2.json.gz");

    assertThatThrownBy(() -> PrincipalDirectories.read(List.of(trail)))
        .isInstanceOf(CrossTrailException.class)
        .hasMessageContaining(trail.toString())
        .hasMessageContaining("aws iam list-users, list-roles or get-account-authorization-details");
  }

  @Test
  void cognitoAndIdentityCenterUsersAreNotIamUsers() throws IOException {
    Path cognito = write("cognito.json", """
        {"Users": [{"Username": "alice", "Attributes": [{"Name": "email", "Value": "alice@example.com"}],
                    "UserStatus": "CONFIRMED", "Enabled": true}]}
        """);
    Path identityCenter = write("identitystore.json", """
        {"Users": [{"UserName": "alice", "UserId": "906722b2be-6b0ea5ba-e3a8-4f7b-9c10-4a1e0ea0f0c1",
                    "IdentityStoreId": "d-906722b2be"}]}
        """);

    for (Path file : List.of(cognito, identityCenter)) {
      assertThatThrownBy(() -> PrincipalDirectories.read(List.of(file)))
          .isInstanceOf(CrossTrailException.class)
          .hasMessageContaining(file + " is not in a format crosstrail recognises");
    }
  }

  @Test
  void anEntryWithoutItsIdIsAnErrorWithItsLine() throws IOException {
    Path file = write("users.json", """
        {
          "Users": [
            {
              "UserName": "ci-deployer",
              "UserId": "AIDAAJO7LBMBHLSL7RFVG",
              "Arn": "arn:aws:iam::111111111111:user/ci-deployer"
            },
            {
              "UserName": "ghost",
              "Arn": "arn:aws:iam::111111111111:user/ghost"
            }
          ]
        }
        """);

    assertThatThrownBy(() -> PrincipalDirectories.read(List.of(file)))
        .isInstanceOf(CrossTrailException.class)
        .hasMessageContaining("Directory file " + file + " at line 8 column 5: entry 1 of \"Users\" has no \"UserId\"");
  }

  @Test
  void aRoleListingWhoseArnNamesAUserIsAnError() throws IOException {
    Path file = write("roles.json", """
        {"Roles": [
          {"RoleName": "a", "RoleId": "AROAEXAMPLEROLE00001", "Arn": "arn:aws:iam::111111111111:role/a"},
          {"RoleName": "b", "RoleId": "AROAEXAMPLEROLE00002", "Arn": "arn:aws:iam::111111111111:user/b"}
        ]}
        """);

    assertThatThrownBy(() -> PrincipalDirectories.read(List.of(file)))
        .isInstanceOf(CrossTrailException.class)
        .hasMessageContaining("at line 3 column 3: entry 1 of \"Roles\" (AROAEXAMPLEROLE00002) should have an "
            + "\"Arn\" naming an IAM role, found \"arn:aws:iam::111111111111:user/b\"");
  }

  @Test
  void aTruncatedListingIsAnErrorNotAPartialDirectory() throws IOException {
    byte[] whole = Files.readAllBytes(EXAMPLES.resolve("aws-111111111111-iam-list-users.json"));
    Path cut = dir.resolve("cut.json");
    Files.write(cut, java.util.Arrays.copyOf(whole, 600));

    assertThatThrownBy(() -> PrincipalDirectories.read(List.of(cut)))
        .isInstanceOf(CrossTrailException.class)
        .hasMessageContaining("Directory file " + cut + ": malformed JSON");
  }

  @Test
  void oneIdWithTwoArnsIsAnErrorNamingBoth() throws IOException {
    Path first = write("a.json", """
        {"Users": [{"UserId": "AIDAAJO7LBMBHLSL7RFVG", "Arn": "arn:aws:iam::111111111111:user/ci-deployer"}]}
        """);
    Path second = write("b.json", """
        {"Users": [{"UserId": "AIDAAJO7LBMBHLSL7RFVG", "Arn": "arn:aws:iam::111111111111:user/renamed"}]}
        """);

    assertThatThrownBy(() -> PrincipalDirectories.read(List.of(first, second)))
        .isInstanceOf(CrossTrailException.class)
        .hasMessageContaining(second.toString())
        .hasMessageContaining("arn:aws:iam::111111111111:user/ci-deployer")
        .hasMessageContaining("arn:aws:iam::111111111111:user/renamed");
  }

  @Test
  void declinedContentIsLeftAtItsStartAndNothingIsAdded() throws IOException {
    byte[] gcloud = Files.readAllBytes(EXAMPLES.resolve("gcp-my-gcp-project-service-accounts.json"));
    InputStream in = new BufferedInputStream(new ByteArrayInputStream(gcloud));
    PrincipalDirectory.Builder into = PrincipalDirectory.builder();

    boolean read = new IamDirectoryFormat().read("sa.json", in, into);

    assertThat(read).isFalse();
    assertThat(in.readAllBytes()).isEqualTo(gcloud);
    assertThat(into.build()).isEqualTo(PrincipalDirectory.empty());
  }

  private Path write(String name, String content) throws IOException {
    Path file = dir.resolve(name);
    Files.writeString(file, content, StandardCharsets.UTF_8);
    return file;
  }
}
