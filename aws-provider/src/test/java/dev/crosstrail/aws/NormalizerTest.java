package dev.crosstrail.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.crosstrail.io.AuditLogs;
import dev.crosstrail.io.ReadOptions;
import dev.crosstrail.model.AuditEvent;
import dev.crosstrail.model.Credential;
import dev.crosstrail.model.CredentialKind;
import dev.crosstrail.model.Hop;
import dev.crosstrail.model.HopMechanism;
import dev.crosstrail.model.Principal;
import dev.crosstrail.model.PrincipalKind;
import dev.crosstrail.model.RecordLocation;
import dev.crosstrail.model.SessionContext;
import dev.crosstrail.model.Strength;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Hand-written expectations for userIdentity types and identity-establishing events. */
class NormalizerTest {

  static final RecordLocation HERE = new RecordLocation("test", 0, 1, 0);

  static AuditEvent normalize(String json) {
    return CloudTrail.normalize(json, HERE);
  }

  static String fixtureText(String relative) {
    try {
      return Files.readString(FixtureCorpusTest.fixture(relative));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static List<AuditEvent> readAll(String relative) {
    List<AuditEvent> events = new ArrayList<>();
    AuditLogs.of(List.of(new CloudTrailFormat())).withParallelism(1)
        .read(List.of(FixtureCorpusTest.fixture(relative)), ReadOptions.DEFAULTS, events::add);
    return events;
  }

  /** A minimal record around a userIdentity block. */
  static String withIdentity(String userIdentity) {
    return """
        {"eventVersion": "1.08", "userIdentity": %s, "eventTime": "2024-05-01T10:00:00Z",
         "eventSource": "s3.amazonaws.com", "eventName": "ListBuckets", "awsRegion": "us-east-1",
         "eventID": "e-1", "recipientAccountId": "111122223333", "eventType": "AwsApiCall"}
        """.formatted(userIdentity);
  }

  // ---- identities a record creates ----------------------------------------------------------

  @Test
  void createUserAndCreateRoleNameTheCreatedPrincipalWithItsOpaqueId() {
    AuditEvent createUser = readAll("stratus-red-team/detonation-logs/aws.persistence.iam-create-admin-user.json")
        .stream().filter(e -> e.operation().equals("CreateUser")).findFirst().orElseThrow();
    assertThat(createUser.id()).isEqualTo("3346344c-5a3e-429e-8405-420f98f75d6e");
    assertThat(createUser.namedPrincipals()).singleElement().satisfies(p -> {
      assertThat(p.id()).isEqualTo("arn:aws:iam::229654561268:user/malicious-iam-user");
      assertThat(p.kind()).isEqualTo(PrincipalKind.IAM_USER);
      assertThat(p.uniqueId()).contains("AIDAL1XMLVWIUOK8KAF0");
      assertThat(p.account()).contains("229654561268");
    });

    AuditEvent createRole = readAll("stratus-red-team/detonation-logs/aws.persistence.iam-create-backdoor-role.json")
        .stream().filter(e -> e.operation().equals("CreateRole")).findFirst().orElseThrow();
    assertThat(createRole.id()).isEqualTo("d2905ac3-9898-433f-b10d-9302abe4e208");
    assertThat(createRole.namedPrincipals()).singleElement().satisfies(p -> {
      assertThat(p.id()).isEqualTo("arn:aws:iam::609418236337:role/stratus-red-team-malicious-iam-role");
      assertThat(p.kind()).isEqualTo(PrincipalKind.IAM_ROLE);
      assertThat(p.uniqueId()).contains("AROA53G8Z8NGXMJ597G3E");
    });
  }

  @Test
  void aFailedOrOtherIamCallNamesNoCreatedPrincipal() {
    String failed = """
        {"eventVersion": "1.08", "userIdentity": {"type": "IAMUser", "arn": "arn:aws:iam::111122223333:user/a",
         "accountId": "111122223333"}, "eventTime": "2024-05-01T10:00:00Z", "eventSource": "iam.amazonaws.com",
         "eventName": "CreateUser", "errorCode": "AccessDenied", "responseElements": null, "eventID": "e-2"}
        """;
    assertThat(normalize(failed).namedPrincipals()).isEmpty();
    assertThat(normalize(withIdentity("""
        {"type": "IAMUser", "arn": "arn:aws:iam::111122223333:user/a", "accountId": "111122223333"}"""))
        .namedPrincipals()).isEmpty();
  }

  // ---- userIdentity types --------------------------------------------------------------------

  @Test
  void rootIsTheAccountPrincipal() {
    AuditEvent e = normalize(withIdentity("""
        {"type": "Root", "principalId": "111122223333", "arn": "arn:aws:iam::111122223333:root",
         "accountId": "111122223333", "accessKeyId": "AKIAROOTEXAMPLE"}"""));
    assertThat(e.actor().id()).isEqualTo("arn:aws:iam::111122223333:root");
    assertThat(e.actor().kind()).isEqualTo(PrincipalKind.AWS_ACCOUNT);
    assertThat(e.actor().account()).contains("111122223333");
    assertThat(e.actor().sourceType()).contains("Root");
    assertThat(e.credential()).contains(Credential.of(CredentialKind.AWS_ACCESS_KEY, "AKIAROOTEXAMPLE"));
  }

  @Test
  void iamUserFromTheDocsSignInExample() {
    AuditEvent e = readAll("aws-docs/cloudtrail-user-guide/cloudtrail-tutorial__L0163_ConsoleLogin_IAMUser.json")
        .get(0);
    assertThat(e.actor().kind()).isEqualTo(PrincipalKind.IAM_USER);
    assertThat(e.actor().id()).startsWith("arn:aws:iam::").contains(":user/");
    assertThat(e.operation()).isEqualTo("ConsoleLogin");
    assertThat(e.identityEstablishing()).isTrue();
    assertThat(e.hops()).isEmpty();
  }

  @Test
  void assumedRoleWithIsoCreationDateAndRolePath() {
    AuditEvent e = normalize(withIdentity("""
        {"type": "AssumedRole", "principalId": "AROAEXAMPLEID:alice",
         "arn": "arn:aws:sts::111122223333:assumed-role/Deploy/alice", "accountId": "111122223333",
         "accessKeyId": "ASIAEXAMPLEKEY",
         "sessionContext": {
           "sessionIssuer": {"type": "Role", "principalId": "AROAEXAMPLEID",
             "arn": "arn:aws:iam::111122223333:role/team/ci/Deploy", "accountId": "111122223333", "userName": "Deploy"},
           "attributes": {"creationDate": "2018-11-16T15:14:56Z", "mfaAuthenticated": "true"},
           "sourceIdentity": "alice@example.com",
           "ec2RoleDelivery": "2.0"}}"""));
    assertThat(e.actor()).isEqualTo(new Principal("arn:aws:sts::111122223333:assumed-role/Deploy/alice",
        PrincipalKind.ROLE_SESSION, dev.crosstrail.model.Cloud.AWS, Optional.of("111122223333"),
        Optional.of("AROAEXAMPLEID:alice"), Optional.of("AssumedRole")));
    assertThat(e.credential()).contains(Credential.of(CredentialKind.AWS_TEMPORARY_ACCESS_KEY, "ASIAEXAMPLEKEY"));
    SessionContext s = e.session().orElseThrow();
    assertThat(s.issuer()).map(Principal::id).contains("arn:aws:iam::111122223333:role/team/ci/Deploy");
    assertThat(s.issuer()).map(Principal::kind).contains(PrincipalKind.IAM_ROLE);
    assertThat(s.issuer().flatMap(Principal::uniqueId)).contains("AROAEXAMPLEID");
    assertThat(s.issuedAt()).contains(Instant.parse("2018-11-16T15:14:56Z"));
    assertThat(s.mfaAuthenticated()).isTrue();
    assertThat(s.sourceIdentity()).contains("alice@example.com");
    assertThat(s.ec2RoleDelivery()).contains("2.0");
    assertThat(s.fromConsole()).isFalse();
  }

  @Test
  void compactCreationDateFormat() {
    AuditEvent e = normalize(withIdentity("""
        {"type": "AssumedRole", "principalId": "AROAEXAMPLEID:s",
         "arn": "arn:aws:sts::111122223333:assumed-role/R/s", "accountId": "111122223333",
         "sessionContext": {"attributes": {"creationDate": "20131102T010628Z", "mfaAuthenticated": "false"}}}"""));
    assertThat(e.session().flatMap(SessionContext::issuedAt)).contains(Instant.parse("2013-11-02T01:06:28Z"));
    assertThat(e.session().orElseThrow().mfaAuthenticated()).isFalse();
  }

  @Test
  void roleType() {
    AuditEvent e = normalize(withIdentity("""
        {"type": "Role", "principalId": "AROAEXAMPLEID", "arn": "arn:aws:iam::111122223333:role/Admin",
         "accountId": "111122223333"}"""));
    assertThat(e.actor().kind()).isEqualTo(PrincipalKind.IAM_ROLE);
    assertThat(e.actor().id()).isEqualTo("arn:aws:iam::111122223333:role/Admin");
  }

  @Test
  void federatedUserFromStratusHasTheIamUserAsIssuer() {
    AuditEvent call = readAll("stratus-red-team/detonation-logs/aws.persistence.sts-federation-token.json").get(1);
    assertThat(call.operation()).isEqualTo("GetCallerIdentity");
    assertThat(call.actor().id()).isEqualTo("arn:aws:sts::742491224508:federated-user/stratus_red_team");
    assertThat(call.actor().kind()).isEqualTo(PrincipalKind.FEDERATED_USER);
    assertThat(call.credential()).map(Credential::display).contains("ASIASTJKC5GCM7ZE6LUP");
    Principal issuer = call.session().flatMap(SessionContext::issuer).orElseThrow();
    assertThat(issuer.id()).isEqualTo("arn:aws:iam::742491224508:user/stratus-red-team-user-federation-user");
    assertThat(issuer.kind()).isEqualTo(PrincipalKind.IAM_USER);
  }

  @Test
  void directoryUser() {
    AuditEvent e = normalize(withIdentity("""
        {"type": "Directory", "principalId": "S-1-5-21-1111111111-2222222222-3333333333-500",
         "accountId": "111122223333", "userName": "alice"}"""));
    assertThat(e.actor().kind()).isEqualTo(PrincipalKind.IDENTITY_CENTER_USER);
    assertThat(e.actor().id()).isEqualTo("S-1-5-21-1111111111-2222222222-3333333333-500");
    assertThat(e.actor().sourceType()).contains("Directory");
  }

  @Test
  void awsAccountCallerKeepsPrincipalIdAsUniqueId() {
    AuditEvent e = normalize(withIdentity("""
        {"type": "AWSAccount", "principalId": "AIDAQRSTUVWXYZEXAMPLE", "accountId": "777788889999"}"""));
    assertThat(e.actor().id()).isEqualTo("arn:aws:iam::777788889999:root");
    assertThat(e.actor().kind()).isEqualTo(PrincipalKind.AWS_ACCOUNT);
    assertThat(e.actor().uniqueId()).contains("AIDAQRSTUVWXYZEXAMPLE");
    assertThat(e.account()).contains("111122223333");
  }

  @Test
  void awsServiceIsNamedByInvokedBy() {
    AuditEvent e = normalize(withIdentity("""
        {"type": "AWSService", "invokedBy": "ec2.amazonaws.com"}"""));
    assertThat(e.actor().id()).isEqualTo("ec2.amazonaws.com");
    assertThat(e.actor().kind()).isEqualTo(PrincipalKind.AWS_SERVICE);
    assertThat(e.session().flatMap(SessionContext::invokedBy)).contains("ec2.amazonaws.com");
  }

  @Test
  void identityCenterUserIsNamedByItsIdentityStoreUserId() {
    AuditEvent e = normalize(withIdentity("""
        {"type": "IdentityCenterUser", "accountId": "111122223333",
         "onBehalfOf": {"userId": "544894e8-80c1-707f-60e3-3ba6510dfac1",
                        "identityStoreArn": "arn:aws:identitystore::111122223333:identitystore/d-1234567890"},
         "credentialId": "EXAMPLEVHULjJdTUdPJfofVa1sufHDoj7aYcOYcxFVllWR_Whr1fEXAMPLE"}"""));
    assertThat(e.actor().kind()).isEqualTo(PrincipalKind.IDENTITY_CENTER_USER);
    assertThat(e.actor().id()).isEqualTo("arn:aws:identitystore:::user/544894e8-80c1-707f-60e3-3ba6510dfac1");
    assertThat(e.actor().uniqueId()).contains("544894e8-80c1-707f-60e3-3ba6510dfac1");
    assertThat(e.session().flatMap(SessionContext::onBehalfOf)).contains("544894e8-80c1-707f-60e3-3ba6510dfac1");
  }

  @Test
  void samlUserFromTheDocs() {
    AuditEvent e = normalize(fixtureText(
        "aws-docs/iam-user-guide/current-html-copy/cloudtrail-integration__AssumeRoleWithSAML_SAMLUser_2023.json"));
    assertThat(e.actor().id()).isEqualTo("bdGOnTesti4+ExamplexL/jEvs=:SamlExample");
    assertThat(e.actor().kind()).isEqualTo(PrincipalKind.SAML_USER);
    assertThat(e.identityEstablishing()).isTrue();
    Hop hop = e.hops().get(0);
    assertThat(hop.mechanism()).isEqualTo(HopMechanism.ASSUME_ROLE_WITH_SAML);
    assertThat(hop.from()).isEqualTo(e.actor());
    assertThat(hop.to().id())
        .isEqualTo("arn:aws:sts::444455556666:assumed-role/SAMLTestRoleShibboleth/MyAssignedRoleSessionName");
    assertThat(hop.issued()).map(Credential::display).contains("ASIAIOSFODNN7EXAMPLE");
    assertThat(hop.validUntil()).contains(Instant.parse("2023-08-28T19:00:58Z"));
    assertThat(hop.sourceIdentity()).contains("MySAMLUser");
  }

  @Test
  void webIdentityUserIsProviderAndSubNeverASplitPrincipalId() {
    AuditEvent e = normalize(fixtureText("aws-docs/iam-user-guide/history/"
        + "cloudtrail-integration__2019-10-25_e0805a6a_L0375_AssumeRoleWithWebIdentity_WebIdentityUser.json"));
    assertThat(e.actor().id()).isEqualTo("accounts.google.com:<id of user>");
    assertThat(e.actor().kind()).isEqualTo(PrincipalKind.WEB_IDENTITY_USER);
    assertThat(e.actor().uniqueId()).contains("<id of user>");
    Hop hop = e.hops().get(0);
    assertThat(hop.mechanism()).isEqualTo(HopMechanism.ASSUME_ROLE_WITH_WEB_IDENTITY);
    assertThat(hop.from().id()).isEqualTo("accounts.google.com:<id of user>");
    assertThat(hop.audience()).contains("<id of application>.apps.googleusercontent.com");
    assertThat(hop.issued()).map(Credential::display).contains("ASIACQRSTUVWRAOEXAMPLE");
    // "Mar 23, 2016 2:39:51 AM": the older form without the comma after the year
    assertThat(hop.validUntil()).contains(Instant.parse("2016-03-23T02:39:51Z"));
  }

  @Test
  void unknownAndFutureTypesNeverFail() {
    AuditEvent unknown = normalize(withIdentity("""
        {"type": "Unknown", "principalId": "111122223333", "accountId": "111122223333", "userName": "alice"}"""));
    // The older Identity Center sign-in shape: the person is in userName, principalId is only the account.
    assertThat(unknown.actor().kind()).isEqualTo(PrincipalKind.UNKNOWN);
    assertThat(unknown.actor().id()).isEqualTo("unknown:111122223333:alice");
    assertThat(unknown.actor().account()).contains("111122223333");
    assertThat(unknown.actor().sourceType()).contains("Unknown");

    AuditEvent future = normalize(withIdentity("""
        {"type": "QuantumAgent", "accountId": "111122223333", "someNewField": {"x": 1}}"""));
    assertThat(future.actor().kind()).isEqualTo(PrincipalKind.UNKNOWN);
    assertThat(future.actor().id()).isEqualTo("unknown:111122223333");
    assertThat(future.actor().sourceType()).contains("QuantumAgent");

    AuditEvent withArn = normalize(withIdentity("""
        {"type": "AgentCoreIdentity", "arn": "arn:aws:bedrock-agentcore:us-east-1:111122223333:agent/x"}"""));
    assertThat(withArn.actor().id()).isEqualTo("arn:aws:bedrock-agentcore:us-east-1:111122223333:agent/x");
    assertThat(withArn.actor().account()).contains("111122223333");
  }

  @Test
  void missingOrEmptyUserIdentityIsAnonymous() {
    String noIdentity = """
        {"eventTime": "2024-05-01T10:00:00Z", "eventSource": "s3.amazonaws.com", "eventName": "GetObject",
         "eventID": "e-2"}""";
    assertThat(normalize(noIdentity).actor().kind()).isEqualTo(PrincipalKind.ANONYMOUS);
    assertThat(normalize(withIdentity("{}")).actor().kind()).isEqualTo(PrincipalKind.ANONYMOUS);
    AuditEvent s3Anonymous = normalize(withIdentity("""
        {"type": "AWSAccount", "principalId": "", "accountId": "ANONYMOUS_PRINCIPAL"}"""));
    assertThat(s3Anonymous.actor().kind()).isEqualTo(PrincipalKind.ANONYMOUS);
  }

  @Test
  void consoleSessionCredentialIsFlagged() {
    AuditEvent e = readAll("plaso/aws_cloudtrail.jsonl").get(0);
    assertThat(e.id()).isEqualTo("0828c0d2-3589-4390-b954-c78b4a7df44b");
    assertThat(e.actor().id()).isEqualTo("arn:aws:iam::012345678901:user/fakeusername");
    assertThat(e.session().orElseThrow().fromConsole()).isTrue();
    assertThat(e.session().flatMap(SessionContext::issuedAt)).contains(Instant.parse("2022-02-07T22:17:32Z"));
    assertThat(e.credential()).map(Credential::display).contains("0123456789ABCDEFGHIJ");
    assertThat(e.region()).contains("ap-southeast-2");
    assertThat(e.account()).contains("012345678901");
  }

  @Test
  void plasoServiceEventWithoutTypeIsTheInvokingService() {
    AuditEvent e = readAll("plaso/aws_cloudtrail.jsonl").stream()
        .filter(x -> x.operation().equals("SharedSnapshotVolumeCreated")).findFirst().orElseThrow();
    assertThat(e.actor().id()).isEqualTo("ec2.amazonaws.com");
    assertThat(e.actor().kind()).isEqualTo(PrincipalKind.AWS_SERVICE);
  }

  // ---- identity-establishing events ----------------------------------------------------------

  @Test
  void crossAccountAssumeRolePairFromTheIamUserGuide() {
    AuditEvent caller = normalize(fixtureText("aws-docs/iam-user-guide/cloudtrail-integration__L0129_AssumeRole_IAMUser.json"));
    AuditEvent owner = normalize(fixtureText("aws-docs/iam-user-guide/cloudtrail-integration__L0181_AssumeRole_AWSAccount.json"));

    assertThat(caller.sharedEventId()).contains("bEXAMPLE-efea-4a70-b951-19a88EXAMPLE");
    assertThat(owner.sharedEventId()).isEqualTo(caller.sharedEventId());
    assertThat(caller.account()).contains("111122223333");
    // the role owner's copy in the guide has no recipientAccountId; the caller's account is not used instead
    assertThat(owner.account()).isEmpty();

    Hop fromUser = caller.hops().get(0);
    assertThat(fromUser.mechanism()).isEqualTo(HopMechanism.ASSUME_ROLE);
    assertThat(fromUser.from().id()).isEqualTo("arn:aws:iam::777788889999:user/JohnDoe");
    assertThat(fromUser.to().id()).isEqualTo("arn:aws:sts::111122223333:assumed-role/EC2-dev/JohnDoe-EC2-dev");
    assertThat(fromUser.to().kind()).isEqualTo(PrincipalKind.ROLE_SESSION);
    assertThat(fromUser.to().account()).contains("111122223333");
    assertThat(fromUser.to().uniqueId()).contains("AIDAQRSTUVWXYZEXAMPLE:JohnDoe-EC2-dev");
    assertThat(fromUser.sourceIdentity()).contains("JohnDoe");
    assertThat(fromUser.strength()).isEqualTo(Strength.EXACT);
    assertThat(fromUser.validFrom()).isEqualTo(Instant.parse("2014-07-18T15:07:39Z"));

    Hop fromAccount = owner.hops().get(0);
    assertThat(fromAccount.from().id()).isEqualTo("arn:aws:iam::777788889999:root");
    assertThat(fromAccount.from().kind()).isEqualTo(PrincipalKind.AWS_ACCOUNT);
    assertThat(fromAccount.from().uniqueId()).contains("AIDAQRSTUVWXYZEXAMPLE");
    assertThat(fromAccount.to().id()).isEqualTo(fromUser.to().id());
    assertThat(fromAccount.validUntil()).contains(Instant.parse("2014-07-18T16:07:39Z"));
    // the guide's caller copy shows an expiry nine years after the call: kept, as written
    assertThat(fromUser.validUntil()).contains(Instant.parse("2023-07-18T16:07:39Z"));
  }

  @Test
  void roleChainingFromAnAssumedRoleSession() {
    AuditEvent e = normalize(fixtureText(
        "aws-docs/iam-user-guide/cloudtrail-integration__L0223_AssumeRole_AssumedRole.json"));
    Hop hop = e.hops().get(0);
    assertThat(hop.from().id()).isEqualTo("arn:aws:sts::111111111111:assumed-role/JohnDoe/JohnRole1");
    assertThat(hop.from().kind()).isEqualTo(PrincipalKind.ROLE_SESSION);
    assertThat(hop.to().id()).isEqualTo("arn:aws:sts::111111111111:assumed-role/test-role/Role2WithTags");
    assertThat(hop.issued()).contains(Credential.of(CredentialKind.AWS_TEMPORARY_ACCESS_KEY, "ASIAWHOJDLGPOEXAMPLE"));
    assertThat(hop.validUntil()).contains(Instant.parse("2019-10-02T23:12:29Z"));
    assertThat(hop.sourceIdentity()).contains("JohnDoe");
    assertThat(e.session().flatMap(SessionContext::sourceIdentity)).contains("JohnDoe");
  }

  /** Reconstructed from seed 001's CLI output (the seed shows the AccessDenied error, not the record). */
  @Test
  void failedAssumeRoleFromSeed001IsIdentityEstablishingWithoutHops() {
    AuditEvent e = normalize("""
        {"eventVersion": "1.08",
         "userIdentity": {"type": "IAMUser", "principalId": "AIDAEXAMPLETESTADMIN",
           "arn": "arn:aws:iam::222222222222:user/test-admin", "accountId": "222222222222",
           "accessKeyId": "AKIAEXAMPLETESTADMIN", "userName": "test-admin"},
         "eventTime": "2020-05-05T06:25:12Z", "eventSource": "sts.amazonaws.com", "eventName": "AssumeRole",
         "awsRegion": "us-east-1", "sourceIPAddress": "198.51.100.7", "userAgent": "aws-cli/2.0.10",
         "errorCode": "AccessDenied",
         "errorMessage": "User: arn:aws:iam::222222222222:user/test-admin is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::111111111111:role/TestEC2FullRoleForOtherAccount2",
         "requestParameters": {"roleArn": "arn:aws:iam::111111111111:role/TestEC2FullRoleForOtherAccount2",
           "roleSessionName": "unknown-user-name", "durationSeconds": 3600},
         "responseElements": null,
         "requestID": "8a4c7c2e-0000-4000-8000-000000000001", "eventID": "5b3f1a9e-0000-4000-8000-000000000001",
         "readOnly": true, "eventType": "AwsApiCall", "managementEvent": true,
         "recipientAccountId": "222222222222", "eventCategory": "Management"}""");
    assertThat(e.identityEstablishing()).isTrue();
    assertThat(e.hops()).isEmpty();
    assertThat(e.outcome().success()).isFalse();
    assertThat(e.outcome().errorCode()).contains("AccessDenied");
    assertThat(e.outcome().errorMessage()).hasValueSatisfying(m -> m.contains("TestEC2FullRoleForOtherAccount2"));
  }

  /** Reconstructed from seed 001's successful `aws sts assume-role` output (Expiration with +00:00). */
  @Test
  void assumeRoleExpirationWithOffsetFromSeed001() {
    AuditEvent e = normalize("""
        {"eventVersion": "1.08",
         "userIdentity": {"type": "IAMUser", "principalId": "AIDAEXAMPLETESTADMIN",
           "arn": "arn:aws:iam::222222222222:user/test-admin", "accountId": "222222222222", "userName": "test-admin"},
         "eventTime": "2020-05-05T07:21:55Z", "eventSource": "sts.amazonaws.com", "eventName": "AssumeRole",
         "requestParameters": {"roleArn": "arn:aws:iam::111111111111:role/TestEC2FullRoleForOtherAccount1",
           "roleSessionName": "unknown-user-name", "durationSeconds": 3600},
         "responseElements": {"credentials": {"accessKeyId": "ASIAEXAMPLEEEEEEEEEE", "expiration": "2020-05-05T08:21:55+00:00"},
           "assumedRoleUser": {"assumedRoleId": "AROA2UJCVL7Q4EXAMPLE:unknown-user-name",
             "arn": "arn:aws:sts::111111111111:assumed-role/TestEC2FullRoleForOtherAccount1/unknown-user-name"}},
         "eventID": "5b3f1a9e-0000-4000-8000-000000000002", "recipientAccountId": "222222222222"}""");
    Hop hop = e.hops().get(0);
    assertThat(hop.to().uniqueId()).contains("AROA2UJCVL7Q4EXAMPLE:unknown-user-name");
    assertThat(hop.validUntil()).contains(Instant.parse("2020-05-05T08:21:55Z"));
    assertThat(hop.issued()).map(Credential::display).contains("ASIAEXAMPLEEEEEEEEEE");
  }

  @Test
  void ec2InstanceRoleAssumedByTheServiceInTheOtrfDataset() {
    List<AuditEvent> events = readAll("otrf-security-datasets/ec2_proxy_s3_exfiltration_2020-09-14011940.json");
    AuditEvent e = events.stream().filter(x -> x.id().equals("0f902c35-794c-4864-b2e0-3c4564b857b0")).findFirst()
        .orElseThrow();
    // Logstash dropped eventTime; @timestamp stands in
    assertThat(e.time()).isEqualTo(Instant.parse("2020-09-14T00:50:17Z"));
    assertThat(e.actor().id()).isEqualTo("ec2.amazonaws.com");
    assertThat(e.sharedEventId()).contains("f47b2d52-f5ef-4a87-87ed-8d0456842506");
    Hop hop = e.hops().get(0);
    assertThat(hop.mechanism()).isEqualTo(HopMechanism.SERVICE_ASSUMED_ROLE);
    assertThat(hop.from().kind()).isEqualTo(PrincipalKind.AWS_SERVICE);
    assertThat(hop.to().id()).isEqualTo(
        "arn:aws:sts::123456789123:assumed-role/MordorLogCollectorStack-LogCollectorRole-1JJTG88NNY4KN/i-044b1baf4c96e1b62");
    assertThat(hop.issued()).map(Credential::display).contains("ASIA5FLZVX4OLY6BJN4L");
    assertThat(hop.validUntil()).contains(Instant.parse("2020-09-14T07:01:26Z"));
    assertThat(e.resources()).extracting(r -> r.id())
        .containsExactly("arn:aws:iam::123456789123:role/MordorLogCollectorStack-LogCollectorRole-1JJTG88NNY4KN");
  }

  @Test
  void getFederationTokenFromStratus() {
    AuditEvent e = readAll("stratus-red-team/detonation-logs/aws.persistence.sts-federation-token.json").get(0);
    assertThat(e.id()).isEqualTo("6e882b9d-2af8-4c67-b91f-aeac6a0e5e70");
    assertThat(e.identityEstablishing()).isTrue();
    Hop hop = e.hops().get(0);
    assertThat(hop.mechanism()).isEqualTo(HopMechanism.GET_FEDERATION_TOKEN);
    assertThat(hop.from().id()).isEqualTo("arn:aws:iam::742491224508:user/stratus-red-team-user-federation-user");
    assertThat(hop.to().id()).isEqualTo("arn:aws:sts::742491224508:federated-user/stratus_red_team");
    assertThat(hop.to().kind()).isEqualTo(PrincipalKind.FEDERATED_USER);
    assertThat(hop.to().uniqueId()).contains("742491224508:stratus_red_team");
    assertThat(hop.issued()).contains(Credential.of(CredentialKind.AWS_TEMPORARY_ACCESS_KEY, "ASIASTJKC5GCM7ZE6LUP"));
    // "Nov 30, 2024, 8:43:17 PM", twelve hours after the 08:43:17Z call
    assertThat(hop.validUntil()).contains(Instant.parse("2024-11-30T20:43:17Z"));
  }

  @Test
  void getSessionTokenHopsFromTheUserToItself() {
    AuditEvent e = normalize("""
        {"userIdentity": {"type": "IAMUser", "principalId": "AIDAEXAMPLEBOB",
           "arn": "arn:aws:iam::111122223333:user/bob", "accountId": "111122223333",
           "accessKeyId": "AKIAEXAMPLEBOB", "userName": "bob"},
         "eventTime": "2024-05-01T10:00:00Z", "eventSource": "sts.amazonaws.com", "eventName": "GetSessionToken",
         "requestParameters": {"durationSeconds": 3600, "serialNumber": "arn:aws:iam::111122223333:mfa/bob"},
         "responseElements": {"credentials": {"accessKeyId": "ASIAEXAMPLEBOBSESSION", "expiration": "May 1, 2024, 11:00:00 AM"}},
         "eventID": "gst-1", "recipientAccountId": "111122223333"}""");
    Hop hop = e.hops().get(0);
    assertThat(hop.mechanism()).isEqualTo(HopMechanism.GET_SESSION_TOKEN);
    assertThat(hop.from().id()).isEqualTo("arn:aws:iam::111122223333:user/bob");
    assertThat(hop.to().id()).isEqualTo("arn:aws:iam::111122223333:user/bob");
    assertThat(hop.issued()).contains(Credential.of(CredentialKind.AWS_TEMPORARY_ACCESS_KEY, "ASIAEXAMPLEBOBSESSION"));
    assertThat(hop.validUntil()).contains(Instant.parse("2024-05-01T11:00:00Z"));
  }

  @Test
  void switchRoleFromSeed000WithDuplicateKeys() {
    AuditEvent e = normalize(fixtureText("seeds/seed000_SwitchRole_duplicate-keys.json"));
    assertThat(e.id()).isEqualTo("53964c04-8156-423d-b89e-cf97de594149");
    assertThat(e.region()).contains("us-east-1");
    assertThat(e.sourceIp()).contains("72.21.198.64");
    assertThat(e.category()).contains("AwsConsoleSignIn");
    assertThat(e.actor().id()).isEqualTo("arn:aws:sts::<アカウントB>:assumed-role/SwitchRole/miyamoto");
    assertThat(e.identityEstablishing()).isTrue();
    Hop hop = e.hops().get(0);
    assertThat(hop.mechanism()).isEqualTo(HopMechanism.SWITCH_ROLE);
    assertThat(hop.from().id()).isEqualTo("arn:aws:iam::<アカウントA>:user/miyamoto");
    assertThat(hop.from().kind()).isEqualTo(PrincipalKind.IAM_USER);
    assertThat(hop.to()).isEqualTo(e.actor());
    assertThat(hop.strength()).isEqualTo(Strength.ASSERTED);
    assertThat(hop.reason()).isPresent();
  }

  @Test
  void switchRoleWithFailureEmitsNoHop() {
    String failed = fixtureText("seeds/seed000_SwitchRole_duplicate-keys.json")
        .replace("\"SwitchRole\": \"Success\"", "\"SwitchRole\": \"Failure\"");
    AuditEvent e = normalize(failed);
    assertThat(e.identityEstablishing()).isTrue();
    assertThat(e.outcome().success()).isFalse();
    assertThat(e.hops()).isEmpty();
  }

  /**
   * Reconstructed from seed 004's facts (the seed shows the CLI response and the console, not the
   * record): a Google service account with unique ID 100000000000000000001 assumes
   * kawanago-crosscloud-test.
   */
  @Test
  void assumeRoleWithWebIdentityFromAGoogleServiceAccountSeed004() {
    AuditEvent e = normalize("""
        {"eventVersion": "1.08",
         "userIdentity": {"type": "WebIdentityUser",
           "principalId": "accounts.google.com:100000000000000000001:100000000000000000001",
           "userName": "100000000000000000001", "identityProvider": "accounts.google.com"},
         "eventTime": "2024-06-01T12:00:00Z", "eventSource": "sts.amazonaws.com",
         "eventName": "AssumeRoleWithWebIdentity", "awsRegion": "us-east-1", "sourceIPAddress": "34.0.0.1",
         "userAgent": "aws-cli/2.15.0",
         "requestParameters": {"roleArn": "arn:aws:iam::111111111111:role/kawanago-crosscloud-test",
           "roleSessionName": "gcp-sa1-session", "durationSeconds": 900},
         "responseElements": {
           "credentials": {"accessKeyId": "ASIAEXAMPLEGCPSA1", "expiration": "Jun 1, 2024, 12:15:00 PM"},
           "subjectFromWebIdentityToken": "100000000000000000001",
           "assumedRoleUser": {"assumedRoleId": "AROAEXAMPLEKAWANAGO:gcp-sa1-session",
             "arn": "arn:aws:sts::111111111111:assumed-role/kawanago-crosscloud-test/gcp-sa1-session"},
           "provider": "accounts.google.com", "audience": "100000000000000000001"},
         "eventID": "4e1d2c3b-0000-4000-8000-000000000004", "eventType": "AwsApiCall",
         "recipientAccountId": "111111111111"}""");
    assertThat(e.actor().id()).isEqualTo("accounts.google.com:100000000000000000001");
    assertThat(e.actor().uniqueId()).contains("100000000000000000001");
    Hop hop = e.hops().get(0);
    assertThat(hop.mechanism()).isEqualTo(HopMechanism.ASSUME_ROLE_WITH_WEB_IDENTITY);
    assertThat(hop.from().id()).isEqualTo("accounts.google.com:100000000000000000001");
    assertThat(hop.from().kind()).isEqualTo(PrincipalKind.WEB_IDENTITY_USER);
    assertThat(hop.to().id()).isEqualTo("arn:aws:sts::111111111111:assumed-role/kawanago-crosscloud-test/gcp-sa1-session");
    assertThat(hop.audience()).contains("100000000000000000001");
    assertThat(hop.issued()).map(Credential::display).contains("ASIAEXAMPLEGCPSA1");
    assertThat(hop.validUntil()).contains(Instant.parse("2024-06-01T12:15:00Z"));
  }

  @Test
  void failedAssumeRoleWithWebIdentityFromEksIrsa() {
    AuditEvent e = readAll("misc-github/greenpau_argo-workflows-aws-plugin__DEVELOPMENT.md__"
        + "AssumeRoleWithWebIdentity_EKS_IRSA_AccessDenied.json").get(0);
    assertThat(e.identityEstablishing()).isTrue();
    assertThat(e.hops()).isEmpty();
    assertThat(e.outcome().errorCode()).contains("AccessDenied");
    assertThat(e.outcome().errorMessage()).contains("An unknown error occurred");
    assertThat(e.actor().id()).isEqualTo("arn:aws:iam::100000000002:oidc-provider/oidc.eks.us-west-2.amazonaws.com/id/"
        + "A8242F25BFBB8F98F5321B2AE63C8B5C:system:serviceaccount:argo:awf-aws-executor-plugin");
    assertThat(e.actor().kind()).isEqualTo(PrincipalKind.WEB_IDENTITY_USER);
  }

  @Test
  void ordinaryCallsAreNotIdentityEstablishing() {
    AuditEvent e = normalize(withIdentity("{\"type\": \"Root\", \"accountId\": \"111122223333\"}"));
    assertThat(e.identityEstablishing()).isFalse();
    assertThat(e.hops()).isEmpty();
    assertThat(e.actor().id()).isEqualTo("arn:aws:iam::111122223333:root");
  }

  @Test
  void unknownFieldsAreIgnored() {
    AuditEvent e = normalize("""
        {"eventTime": "2024-05-01T10:00:00Z", "eventSource": "s3.amazonaws.com", "eventName": "GetObject",
         "eventID": "e-3", "brandNewField": {"deep": [1, 2, {"x": null}]}, "tlsDetails": {"tlsVersion": "TLSv1.3"}}""");
    assertThat(e.id()).isEqualTo("e-3");
  }

  /** A failed console sign-in with a user name that does not exist: AWS hides it, so it is no IAM user. */
  @Test
  void aHiddenUserNameIsNoUserOfTheAccount() {
    AuditEvent e = normalize("""
        {"eventVersion":"1.08","userIdentity":{"type":"IAMUser","principalId":"111111111111","accountId":"111111111111",
         "accessKeyId":"","userName":"HIDDEN_DUE_TO_SECURITY_REASONS"},"eventTime":"2024-05-01T10:00:00Z",
         "eventSource":"signin.amazonaws.com","eventName":"ConsoleLogin","awsRegion":"us-east-1",
         "sourceIPAddress":"198.51.100.7","userAgent":"Mozilla/5.0","errorMessage":"No username found in supplied account",
         "requestParameters":null,"responseElements":{"ConsoleLogin":"Failure"},
         "additionalEventData":{"LoginTo":"https://console.aws.amazon.com/","MobileVersion":"No","MFAUsed":"No"},
         "eventID":"hidden-1","eventType":"AwsConsoleSignIn","recipientAccountId":"111111111111"}""");

    assertThat(e.actor().kind()).isEqualTo(PrincipalKind.UNKNOWN);
    assertThat(e.actor().id()).isEqualTo("unknown:111111111111:HIDDEN_DUE_TO_SECURITY_REASONS");
    assertThat(e.outcome().success()).isFalse();
  }

  /** One record handed to the wrong call: the reason names the call to use, not files or a lenient mode. */
  @Test
  void aSingleRecordOfTheWrongKindNamesTheCallToUse() {
    String entry = """
        {"insertId": "x", "logName": "projects/p/logs/cloudaudit.googleapis.com%2Factivity", "protoPayload": {}}""";
    String trailFile = """
        {"Records": [{"eventID": "a"}, {"eventID": "b"}]}""";

    assertThatThrownBy(() -> normalize(entry))
        .isInstanceOf(dev.crosstrail.io.MalformedRecordException.class)
        .hasMessageContaining("normalize it with CloudAuditLogs.normalize")
        .message().doesNotContain("file").doesNotContain("leniently");
    assertThatThrownBy(() -> normalize(trailFile))
        .hasMessageContaining("holding 2 records: normalize takes one record")
        .message().doesNotContain("leniently");
    assertThatThrownBy(() -> normalize(""))
        .hasMessageContaining("empty input").message().doesNotContain("leniently");
  }
}
