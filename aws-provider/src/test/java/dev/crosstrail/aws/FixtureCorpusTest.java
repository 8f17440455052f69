package dev.crosstrail.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crosstrail.io.AuditLogs;
import dev.crosstrail.io.ReadOptions;
import dev.crosstrail.io.Rejection;
import dev.crosstrail.io.SourceSummary;
import dev.crosstrail.model.AuditEvent;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every AWS file of the shared fixture set (and the seed 000 records), with its expected outcome
 * listed by hand: the shape it is recognised as, how many records it holds, how many normalize, and
 * for rejections the reason. Counts come from reading the files, not from this library.
 */
class FixtureCorpusTest {

  private static final String NONE = "";
  private static final String MISSING_TIME = "missing required field eventTime";
  private static final String MISSING_ID = "missing required field eventID";
  private static final String INSIGHT = "CloudTrail Insights event";
  private static final String MALFORMED = "malformed JSON";
  private static final String UNRECOGNIZED = "not a recognised CloudTrail";

  static Stream<Arguments> files() {
    String cug = "aws-docs/cloudtrail-user-guide/";
    String signIn = cug + "cloudtrail-event-reference-aws-console-sign-in-events__";
    String iug = "aws-docs/iam-user-guide/";
    String hist = iug + "history/";
    String idc = "aws-docs/iam-identity-center-user-guide/";
    String oc = "misc-github/openshift_configuration-anomaly-detection/chgm_test.go_";
    String sr = "stratus-red-team/detonation-logs/aws.";
    return Stream.of(
        // file, format, read, normalized, reason of the first rejection
        Arguments.of("aws-docs/aws-cli-examples/lookup-events.rst__Output__ConsoleLogin_AssumedRole.json",
            "cloudtrail-lookup-events", 1, 1, NONE),
        Arguments.of(signIn + "L0029_ConsoleLogin_IAMUser.json", "cloudtrail-log-file", 1, 1, NONE),
        Arguments.of(signIn + "L0067_ConsoleLogin_IAMUser.json", "cloudtrail-record", 1, 1, NONE),
        Arguments.of(signIn + "L0103_ConsoleLogin_IAMUser.json", "cloudtrail-record", 1, 1, NONE),
        Arguments.of(signIn + "L0139_CheckMfa_IAMUser.json", "cloudtrail-record", 1, 1, NONE),
        Arguments.of(signIn + "L0172_CheckMfa_IAMUser.json", "cloudtrail-record", 1, 1, NONE),
        Arguments.of(signIn + "L0216_ConsoleLogin_Root.json", "cloudtrail-record", 1, 1, NONE),
        Arguments.of(signIn + "L0251_ConsoleLogin_Root.json", "cloudtrail-record", 1, 1, NONE),
        Arguments.of(signIn + "L0287_ConsoleLogin_Root.json", "cloudtrail-record", 1, 1, NONE),
        Arguments.of(signIn + "L0323_EnableMFADevice_Root.json", "cloudtrail-record", 1, 1, NONE),
        Arguments.of(signIn + "L0364_PasswordUpdated_Root.json", "cloudtrail-record", 1, 1, NONE),
        // userIdentity snippets: `"userIdentity": {…}` without the enclosing braces
        Arguments.of(cug + "cloudtrail-event-reference-user-identity__L0018_IAMUser.invalid-json.txt",
            "unrecognized", 1, 0, UNRECOGNIZED),
        Arguments.of(cug + "cloudtrail-event-reference-user-identity__L0033_AssumedRole.invalid-json.txt",
            "unrecognized", 1, 0, UNRECOGNIZED),
        Arguments.of(cug + "cloudtrail-event-reference-user-identity__L0179_WebIdentityUser.invalid-json.txt",
            "unrecognized", 1, 0, UNRECOGNIZED),
        Arguments.of(cug + "cloudtrail-event-reference-user-identity__L0207_AssumeRole_AWSAccount.invalid-json.txt",
            "unrecognized", 1, 0, UNRECOGNIZED),
        // only eventVersion and userIdentity
        Arguments.of(cug + "cloudtrail-event-reference-user-identity__L0258_AssumedRole.json",
            "cloudtrail-record", 1, 0, MISSING_TIME),
        // a whole record followed by a stray comma: the record, then the rest as one rejection
        Arguments.of(cug + "cloudtrail-event-reference__L0008_StartLogging_IAMUser.invalid-json.txt",
            "cloudtrail-record", 2, 1, MALFORMED),
        Arguments.of(cug + "cloudtrail-event-reference__L0049_CompleteLifecycleAction.json",
            "cloudtrail-record", 1, 0, INSIGHT),
        // the log-file examples of the user guide have no eventID
        Arguments.of(cug + "cloudtrail-log-file-examples__L0045_StartInstances_IAMUser.json",
            "cloudtrail-log-file", 1, 0, MISSING_ID),
        Arguments.of(cug + "cloudtrail-log-file-examples__L0079_StopInstances_IAMUser.json",
            "cloudtrail-log-file", 1, 0, MISSING_ID),
        Arguments.of(cug + "cloudtrail-log-file-examples__L0116_CreateKeyPair_IAMUser.json",
            "cloudtrail-log-file", 1, 0, MISSING_ID),
        Arguments.of(cug + "cloudtrail-log-file-examples__L0152_CreateUser_IAMUser.json",
            "cloudtrail-log-file", 1, 0, MISSING_ID),
        Arguments.of(cug + "cloudtrail-log-file-examples__L0182_AddUserToGroup_IAMUser.json",
            "cloudtrail-log-file", 1, 0, MISSING_ID),
        // a raw newline inside a string
        Arguments.of(cug + "cloudtrail-log-file-examples__L0213_CreateRole_IAMUser.invalid-json.txt",
            "cloudtrail-log-file", 1, 0, MALFORMED),
        Arguments.of(cug + "cloudtrail-log-file-examples__L0254_UpdateTrail_IAMUser.json", "cloudtrail-log-file", 1, 1,
            NONE),
        Arguments.of(cug + "cloudtrail-log-file-examples__L0286_UpdateInstanceInformation.json",
            "cloudtrail-log-file", 2, 0, INSIGHT),
        Arguments.of(cug + "cloudtrail-tutorial__L0163_ConsoleLogin_IAMUser.json", "cloudtrail-record", 1, 1, NONE),
        Arguments.of(cug + "non-api-aws-service-events__L0008_RotateKey.json", "cloudtrail-record", 1, 1, NONE),
        Arguments.of(idc + "understanding-sign-in-events__L0042_CredentialChallenge_Unknown.json",
            "cloudtrail-record", 1, 1, NONE),
        Arguments.of(idc + "understanding-sign-in-events__L0080_CredentialVerification_Unknown.json",
            "cloudtrail-record", 1, 1, NONE),
        Arguments.of(idc + "understanding-sign-in-events__L0118_UserAuthentication_Unknown.json",
            "cloudtrail-record", 1, 1, NONE),
        Arguments.of(idc + "understanding-sign-in-events__L0161_UserAuthentication_Unknown.json",
            "cloudtrail-record", 1, 1, NONE),
        Arguments.of(idc + "understanding-sign-in-events__L0204_CredentialChallenge_Unknown.json",
            "cloudtrail-record", 1, 1, NONE),
        Arguments.of(idc + "understanding-sign-in-events__L0242_CredentialVerification_Unknown.json",
            "cloudtrail-record", 1, 1, NONE),
        Arguments.of(idc + "understanding-sign-in-events__L0280_CredentialChallenge_Unknown.json",
            "cloudtrail-record", 1, 1, NONE),
        Arguments.of(idc + "understanding-sign-in-events__L0318_CredentialVerification_Unknown.json",
            "cloudtrail-record", 1, 1, NONE),
        Arguments.of(idc + "understanding-sign-in-events__L0356_UserAuthentication_Unknown.json",
            "cloudtrail-record", 1, 1, NONE),
        Arguments.of(idc + "understanding-sign-in-events__L0399_CredentialChallenge_Unknown.json",
            "cloudtrail-record", 1, 1, NONE),
        Arguments.of(idc + "understanding-sign-in-events__L0437_CredentialVerification_Unknown.json",
            "cloudtrail-record", 1, 1, NONE),
        Arguments.of(idc + "understanding-sign-in-events__L0475_UserAuthentication_Unknown.json",
            "cloudtrail-record", 1, 1, NONE),
        Arguments.of(idc + "understanding-sign-in-events__L0519_CredentialChallenge_Unknown.json",
            "cloudtrail-record", 1, 1, NONE),
        Arguments.of(idc + "understanding-sign-in-events__L0557_CredentialVerification_Unknown.json",
            "cloudtrail-record", 1, 1, NONE),
        Arguments.of(idc + "understanding-sso-entries__L0008_DescribePermissionsPolicies_IAMUser.json",
            "cloudtrail-log-file", 1, 1, NONE),
        Arguments.of(idc + "understanding-sso-entries__L0046_https___portal.sso.us-east-1.amazonaws.com_instance_appinsta_Unknown.json",
            "cloudtrail-log-file", 1, 1, NONE),
        Arguments.of(idc + "understanding-sso-entries__L0076_CreateToken_Unknown.json", "cloudtrail-record", 1, 1, NONE),
        Arguments.of(iug + "cloudtrail-integration__L0085_GetUserPolicy_IAMUser.json", "cloudtrail-record", 1, 1, NONE),
        Arguments.of(iug + "cloudtrail-integration__L0129_AssumeRole_IAMUser.json", "cloudtrail-record", 1, 1, NONE),
        Arguments.of(iug + "cloudtrail-integration__L0181_AssumeRole_AWSAccount.json", "cloudtrail-record", 1, 1, NONE),
        Arguments.of(iug + "cloudtrail-integration__L0223_AssumeRole_AssumedRole.json", "cloudtrail-record", 1, 1, NONE),
        Arguments.of(iug + "cloudtrail-integration__L0306_DeleteBucket_AssumedRole.json", "cloudtrail-record", 1, 1,
            NONE),
        Arguments.of(iug + "cloudtrail-integration__L0350_AssumeRoleWithSAML_SAMLUser.invalid-json.txt",
            "cloudtrail-record", 1, 0, MALFORMED),
        Arguments.of(iug + "cloudtrail-integration__L0422_AssumeRoleWithWebIdentity_WebIdentityUser.invalid-json.txt",
            "cloudtrail-record", 1, 0, MALFORMED),
        Arguments.of(iug + "cloudtrail-integration__L0488_ConsoleLogin_IAMUser.invalid-json.txt",
            "cloudtrail-record", 1, 0, MALFORMED),
        Arguments.of(iug + "cloudtrail-integration__L0523_ConsoleLogin_IAMUser.json", "cloudtrail-record", 1, 1, NONE),
        Arguments.of(iug + "cloudtrail-integration__L0559_ConsoleLogin_IAMUser.json", "cloudtrail-record", 1, 1, NONE),
        Arguments.of(iug + "current-html-copy/cloudtrail-integration__AssumeRoleWithSAML_SAMLUser_2023.json",
            "cloudtrail-record", 1, 1, NONE),
        Arguments.of(iug + "current-html-copy/cloudtrail-integration__AssumeRoleWithWebIdentity_WebIdentityUser_OIDC_2024.json",
            "cloudtrail-record", 1, 1, NONE),
        Arguments.of(iug + "current-html-copy/cloudtrail-integration__ConsoleLogin_HIDDEN_DUE_TO_SECURITY_REASONS.json",
            "cloudtrail-record", 1, 1, NONE),
        Arguments.of(hist + "cloudtrail-integration__2019-04-29_d99d8828_L0420_ConsoleLogin_IAMUser.json",
            "cloudtrail-record", 1, 1, NONE),
        Arguments.of(hist + "cloudtrail-integration__2019-05-28_7b5d3b6e_L0108_AssumeRole_IAMUser.invalid-json.txt",
            "cloudtrail-record", 1, 0, MALFORMED),
        Arguments.of(hist + "cloudtrail-integration__2019-05-28_7b5d3b6e_L0158_AssumeRole_AWSAccount.json",
            "cloudtrail-record", 1, 1, NONE),
        Arguments.of(hist + "cloudtrail-integration__2019-05-28_7b5d3b6e_L0349_ConsoleLogin_IAMUser.json",
            "cloudtrail-record", 1, 1, NONE),
        Arguments.of(hist + "cloudtrail-integration__2019-05-28_7b5d3b6e_L0420_ConsoleLogin_IAMUser.invalid-json.txt",
            "cloudtrail-record", 1, 0, MALFORMED),
        Arguments.of(hist + "cloudtrail-integration__2019-10-25_e0805a6a_L0314_AssumeRoleWithSAML_SAMLUser.json",
            "cloudtrail-record", 1, 1, NONE),
        Arguments.of(hist + "cloudtrail-integration__2019-10-25_e0805a6a_L0375_AssumeRoleWithWebIdentity_WebIdentityUser.json",
            "cloudtrail-record", 1, 1, NONE),
        Arguments.of(hist + "cloudtrail-integration__2020-12-11_a0d1e322_L0272_AssumeRole_AssumedRole.json",
            "cloudtrail-record", 1, 1, NONE),
        Arguments.of(hist + "cloudtrail-integration__2021-02-19_3d4f6142_L0182_AssumeRole_IAMUser.invalid-json.txt",
            "cloudtrail-record", 1, 0, MALFORMED),
        Arguments.of(hist + "cloudtrail-integration__2021-02-19_3d4f6142_L0232_AssumeRole_AWSAccount.json",
            "cloudtrail-record", 1, 1, NONE),
        Arguments.of(hist + "cloudtrail-integration__2021-02-19_3d4f6142_L0272_AssumeRole_AssumedRole.json",
            "cloudtrail-record", 1, 1, NONE),
        Arguments.of(hist + "cloudtrail-integration__2021-02-19_3d4f6142_L0396_AssumeRoleWithSAML_SAMLUser.json",
            "cloudtrail-record", 1, 1, NONE),
        Arguments.of(hist + "cloudtrail-integration__2021-02-19_3d4f6142_L0466_AssumeRoleWithWebIdentity_WebIdentityUser.invalid-json.txt",
            "cloudtrail-record", 1, 0, MALFORMED),
        Arguments.of(hist + "cloudtrail-integration__2021-11-16_d6c006aa_L0234_AssumeRole_AWSAccount.json",
            "cloudtrail-record", 1, 1, NONE),
        Arguments.of(hist + "cloudtrail-integration__2023-02-01_33db26ea_L0129_AssumeRole_IAMUser.json",
            "cloudtrail-record", 1, 1, NONE),
        Arguments.of(hist + "cloudtrail-integration__2023-03-24_b78cb749_L0181_AssumeRole_AWSAccount.json",
            "cloudtrail-record", 1, 1, NONE),
        Arguments.of(hist + "cloudtrail-integration__2023-03-24_b78cb749_L0223_AssumeRole_AssumedRole.json",
            "cloudtrail-record", 1, 1, NONE),
        Arguments.of(hist + "cloudtrail-integration__2023-03-24_b78cb749_L0350_AssumeRoleWithSAML_SAMLUser.invalid-json.txt",
            "cloudtrail-record", 1, 0, MALFORMED),
        Arguments.of(hist + "cloudtrail-integration__2023-03-24_b78cb749_L0422_AssumeRoleWithWebIdentity_WebIdentityUser.invalid-json.txt",
            "cloudtrail-record", 1, 0, MALFORMED),
        Arguments.of(hist + "id_credentials_temp_control-access_monitor__2022-08-02_de23c146_L0362_AssumeRole_AWSAccount.invalid-json.txt",
            "unrecognized", 1, 0, UNRECOGNIZED),
        Arguments.of(hist + "id_credentials_temp_control-access_monitor__2022-12-30_149cf97f_L0362_AssumeRole_AWSAccount.invalid-json.txt",
            "unrecognized", 1, 0, UNRECOGNIZED),
        Arguments.of(iug + "id_credentials_temp_control-access_monitor__L0362_AssumeRole_AWSAccount.invalid-json.txt",
            "unrecognized", 1, 0, UNRECOGNIZED),
        Arguments.of(iug + "id_credentials_temp_control-access_monitor__L0386_AssumedRole.json", "cloudtrail-record", 1, 0,
            MISSING_TIME),
        Arguments.of("aws-docs/step-functions-developer-guide/tutorial-cloudwatch-events-s3__EventBridge_envelope__L0134_PutObject_IAMUser.json",
            "cloudtrail-eventbridge", 1, 1, NONE),
        // markdown escapes (\:) in the fragment
        Arguments.of("misc-github/buildkite_docs__pages_pipelines_security_oidc_aws.md__AssumeRoleWithWebIdentity_Buildkite.FRAGMENT.invalid-json.txt",
            "cloudtrail-record", 1, 0, MALFORMED),
        Arguments.of("misc-github/greenpau_argo-workflows-aws-plugin__DEVELOPMENT.md__AssumeRoleWithWebIdentity_EKS_IRSA_AccessDenied.json",
            "cloudtrail-record", 1, 1, NONE),
        Arguments.of(oc + "L0233_partial_654321.json", "cloudtrail-record", 1, 0, MISSING_TIME),
        Arguments.of(oc + "L0250_TerminateInstances_cluster-name-n9o7-openshift-machine-api-.json", "cloudtrail-record",
            1, 1, NONE),
        Arguments.of(oc + "L0270_partial_OrganizationAccountAccessRole.json", "cloudtrail-record", 1, 0, MISSING_TIME),
        Arguments.of(oc + "L0310_TerminateInstances_ManagedOpenShift-Installer-Role.json", "cloudtrail-record", 1, 1,
            NONE),
        Arguments.of(oc + "L0329_TerminateInstances_customprefix-Installer-Role.json", "cloudtrail-record", 1, 1, NONE),
        Arguments.of(oc + "L0348_TerminateInstances_ManagedOpenShift-Support-v3218.json", "cloudtrail-record", 1, 1, NONE),
        Arguments.of(oc + "L0367_TerminateInstances_johnnycustom-Support-Role.json", "cloudtrail-record", 1, 1, NONE),
        Arguments.of(oc + "L0443_partial_.json", "cloudtrail-record", 1, 0, MISSING_TIME),
        Arguments.of(oc + "L0459_TerminateInstances_testuser.json", "cloudtrail-record", 1, 1, NONE),
        Arguments.of(oc + "L0475_partial_.json", "cloudtrail-record", 1, 0, MISSING_TIME),
        Arguments.of(oc + "L0524_partial_.json", "cloudtrail-record", 1, 0, MISSING_TIME),
        // `{}`, `""` and `{`: nothing that says CloudTrail
        Arguments.of(oc + "L0540_partial_.json", "unrecognized", 1, 0, UNRECOGNIZED),
        Arguments.of(oc + "L0574_partial_.invalid-json.txt", "unrecognized", 1, 0, "empty file"),
        Arguments.of(oc + "L0608_partial_.invalid-json.txt", "unrecognized", 1, 0, UNRECOGNIZED),
        Arguments.of("plaso/aws_cloudtrail.jsonl", "cloudtrail-lookup-events-lines", 6, 6, NONE),
        // the Logstash export keeps @timestamp instead of eventTime
        Arguments.of("otrf-security-datasets/ec2_proxy_s3_exfiltration_2020-09-14011940.json", "cloudtrail-json-lines",
            103, 103, NONE),
        Arguments.of(sr + "credential-access.ec2-get-password-data.json", "cloudtrail-json-array", 34, 34, NONE),
        Arguments.of(sr + "credential-access.ec2-steal-instance-credentials.json", "cloudtrail-json-array", 45, 45, NONE),
        Arguments.of(sr + "credential-access.secretsmanager-batch-retrieve-secrets.json", "cloudtrail-json-array", 5, 5,
            NONE),
        Arguments.of(sr + "credential-access.secretsmanager-retrieve-secrets.json", "cloudtrail-json-array", 21, 21, NONE),
        Arguments.of(sr + "credential-access.ssm-retrieve-securestring-parameters.json", "cloudtrail-json-array", 10, 10,
            NONE),
        Arguments.of(sr + "defense-evasion.cloudtrail-delete.json", "cloudtrail-json-array", 1, 1, NONE),
        Arguments.of(sr + "defense-evasion.cloudtrail-event-selectors.json", "cloudtrail-json-array", 1, 1, NONE),
        Arguments.of(sr + "defense-evasion.cloudtrail-stop.json", "cloudtrail-json-array", 1, 1, NONE),
        Arguments.of(sr + "defense-evasion.dns-delete-logs.json", "cloudtrail-json-array", 1, 1, NONE),
        Arguments.of(sr + "defense-evasion.organizations-leave.json", "cloudtrail-json-array", 3, 3, NONE),
        Arguments.of(sr + "defense-evasion.vpc-remove-flow-logs.json", "cloudtrail-json-array", 1, 1, NONE),
        Arguments.of(sr + "discovery.ec2-download-user-data.json", "cloudtrail-json-array", 19, 19, NONE),
        Arguments.of(sr + "execution.ec2-launch-unusual-instances.json", "cloudtrail-json-array", 3, 3, NONE),
        Arguments.of(sr + "execution.ec2-user-data.json", "cloudtrail-json-array", 35, 35, NONE),
        Arguments.of(sr + "execution.ssm-send-command.json", "cloudtrail-json-array", 56, 56, NONE),
        Arguments.of(sr + "execution.ssm-start-session.json", "cloudtrail-json-array", 29, 29, NONE),
        Arguments.of(sr + "exfiltration.ec2-security-group-open-port-22-ingress.json", "cloudtrail-json-array", 1, 1,
            NONE),
        Arguments.of(sr + "exfiltration.ec2-share-ami.json", "cloudtrail-json-array", 1, 1, NONE),
        Arguments.of(sr + "exfiltration.ec2-share-ebs-snapshot.json", "cloudtrail-json-array", 1, 1, NONE),
        Arguments.of(sr + "exfiltration.rds-share-snapshot.json", "cloudtrail-json-array", 1, 1, NONE),
        Arguments.of(sr + "impact.bedrock-invoke-model.json", "cloudtrail-json-array", 15, 15, NONE),
        Arguments.of(sr + "initial-access.console-login-without-mfa.json", "cloudtrail-json-array", 1, 1, NONE),
        Arguments.of(sr + "lateral-movement.ec2-instance-connect.json", "cloudtrail-json-array", 3, 3, NONE),
        Arguments.of(sr + "lateral-movement.ec2-serial-console-send-ssh-public-key.json", "cloudtrail-json-array", 4, 4,
            NONE),
        Arguments.of(sr + "persistence.iam-backdoor-role.json", "cloudtrail-json-array", 1, 1, NONE),
        Arguments.of(sr + "persistence.iam-backdoor-user.json", "cloudtrail-json-array", 1, 1, NONE),
        Arguments.of(sr + "persistence.iam-create-admin-user.json", "cloudtrail-json-array", 3, 3, NONE),
        Arguments.of(sr + "persistence.iam-create-backdoor-role.json", "cloudtrail-json-array", 2, 2, NONE),
        Arguments.of(sr + "persistence.iam-create-user-login-profile.json", "cloudtrail-json-array", 3, 3, NONE),
        Arguments.of(sr + "persistence.lambda-backdoor-function.json", "cloudtrail-json-array", 1, 1, NONE),
        Arguments.of(sr + "persistence.lambda-layer-extension.json", "cloudtrail-json-array", 1, 1, NONE),
        Arguments.of(sr + "persistence.lambda-overwrite-code.json", "cloudtrail-json-array", 1, 1, NONE),
        Arguments.of(sr + "persistence.rolesanywhere-create-trust-anchor.json", "cloudtrail-json-array", 2, 2, NONE),
        Arguments.of(sr + "persistence.sts-federation-token.json", "cloudtrail-json-array", 2, 2, NONE),
        Arguments.of(sr + "privilege-escalation.iam-update-user-login-profile.json", "cloudtrail-json-array", 1, 1, NONE),
        // seed 000: the SwitchRole record (duplicate keys: last wins) and the HeadBucket record (stray `],`)
        Arguments.of("seeds/seed000_SwitchRole_duplicate-keys.json", "cloudtrail-record", 1, 1, NONE),
        Arguments.of("seeds/seed000_HeadBucket.invalid-json.txt", "cloudtrail-record", 1, 0, MALFORMED));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("files")
  void everyFixtureNormalizesOrIsRejectedWithAReason(String file, String format, int read, int normalized,
      String reason) {
    List<AuditEvent> events = new ArrayList<>();
    SourceSummary s = AuditLogs.of(List.of(new CloudTrailFormat())).withParallelism(1)
        .read(fixture(file), ReadOptions.DEFAULTS, events::add);

    assertThat(s.format()).isEqualTo(format);
    assertThat(s.read()).isEqualTo(read);
    assertThat(s.normalized()).isEqualTo(normalized);
    assertThat(s.rejected()).isEqualTo(read - normalized);
    assertThat(events).hasSize(normalized);
    assertThat(events).allSatisfy(e -> {
      assertThat(e.id()).isNotBlank();
      assertThat(e.location().source()).endsWith(Path.of(file).getFileName().toString());
    });
    if (reason.isEmpty()) {
      assertThat(s.rejections()).isEmpty();
    } else {
      assertThat(s.rejections()).first().extracting(Rejection::reason).asString().contains(reason);
    }
  }

  static Path fixture(String relative) {
    try {
      return Path.of(FixtureCorpusTest.class.getResource("/fixtures/aws/" + relative).toURI());
    } catch (URISyntaxException | NullPointerException e) {
      throw new IllegalStateException("missing test fixture " + relative, e);
    }
  }
}
