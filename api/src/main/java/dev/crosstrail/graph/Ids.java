package dev.crosstrail.graph;

import dev.crosstrail.model.PrincipalKind;

import java.util.List;
import java.util.Optional;

/** Small, total helpers on canonical principal ids (ARNs, GCP member ids); JDK only. */
final class Ids {

  private static final String SUBJECT = "/subject/";
  /**
   * GCP's resource form of a service account, which an iamcredentials entry that logs no email uses
   * as the id of the account it impersonated: {@code projects/-/serviceAccounts/UNIQUE_ID}.
   */
  static final String SERVICE_ACCOUNT_BY_UNIQUE_ID = "projects/-/serviceAccounts/";

  private Ids() {}

  /**
   * The keys under which an id is matched across clouds: the id itself, and for a
   * {@code principal://…/subject/arn:aws:…} id also the AWS ARN after {@code /subject/}.
   */
  static List<String> subjectKeys(String id) {
    Optional<String> arn = arnSubject(id);
    return arn.isPresent() && !arn.get().equals(id) ? List.of(id, arn.get()) : List.of(id);
  }

  /**
   * The AWS ARN an id names: the id itself when it is an ARN, or the ARN after {@code /subject/}; a
   * role without its path, as its session ARNs name it, so that both forms of a role are one.
   */
  static Optional<String> arnSubject(String id) {
    if (id.startsWith("arn:")) {
      return Optional.of(roleWithoutPath(id));
    }
    if (id.startsWith("principal://")) {
      int i = id.indexOf(SUBJECT);
      if (i >= 0) {
        String subject = id.substring(i + SUBJECT.length());
        if (subject.startsWith("arn:")) {
          return Optional.of(roleWithoutPath(subject));
        }
      }
    }
    return Optional.empty();
  }

  /**
   * Whether two ids can be one federated principal as far as their pools go: false only when both name a
   * workload identity pool ({@code principal://…/workloadIdentityPools/POOL/subject/…}) and the pools
   * differ. One external subject exchanged into two pools is two federated principals.
   */
  static boolean samePool(String a, String b) {
    int i = a.startsWith("principal://") ? a.indexOf(SUBJECT) : -1;
    int j = b.startsWith("principal://") ? b.indexOf(SUBJECT) : -1;
    return i < 0 || j < 0 || i == j && a.regionMatches(0, b, 0, i);
  }

  /**
   * Whether two ids name the same identity: equal, or a federated id and the AWS ARN it wraps (two
   * federated ids only when their pools are one, see {@link #samePool}).
   */
  static boolean same(String a, String b) {
    if (a.equals(b)) {
      return true;
    }
    Optional<String> x = arnSubject(a);
    return x.isPresent() && x.equals(arnSubject(b)) && samePool(a, b);
  }

  /** The account of an ARN ({@code arn:aws:sts::111111111111:…} → {@code 111111111111}). */
  static Optional<String> account(String arn) {
    String[] parts = arn.split(":", 6);
    return parts.length == 6 && parts[0].equals("arn") && !parts[4].isEmpty() ? Optional.of(parts[4]) : Optional.empty();
  }

  /**
   * The session name in a role session's principal id, as a role owner's copy names its caller:
   * {@code AROAEXAMPLE:ci} → {@code ci}.
   */
  static Optional<String> roleSessionNameOf(String uniqueId) {
    int colon = uniqueId.indexOf(':');
    return uniqueId.startsWith("AROA") && colon > 0 && colon < uniqueId.length() - 1
        ? Optional.of(uniqueId.substring(colon + 1)) : Optional.empty();
  }

  /**
   * The role of a session ARN: {@code arn:aws:sts::111111111111:assumed-role/Deploy/ci} →
   * {@code arn:aws:iam::111111111111:role/Deploy}.
   */
  static Optional<String> roleOfSession(String arn) {
    String[] parts = arn.split(":", 6);
    if (parts.length != 6 || !parts[0].equals("arn") || !parts[2].equals("sts")) {
      return Optional.empty();
    }
    String[] resource = parts[5].split("/");
    if (resource.length < 3 || !resource[0].equals("assumed-role")) {
      return Optional.empty();
    }
    return Optional.of("arn:" + parts[1] + ":iam::" + parts[4] + ":role/" + resource[1]);
  }

  /**
   * A role ARN without its path ({@code arn:aws:iam::A:role/service-role/Deploy} → {@code
   * arn:aws:iam::A:role/Deploy}): the form {@link #roleOfSession} gives, since an assumed-role ARN
   * drops the path. A role's name is unique in its account whatever its path.
   */
  static String roleWithoutPath(String roleArn) {
    int role = roleArn.indexOf(":role/");
    int last = roleArn.lastIndexOf('/');
    return role < 0 || last == role + ":role".length() ? roleArn
        : roleArn.substring(0, role + ":role/".length()) + roleArn.substring(last + 1);
  }

  /** The last path segment of an ARN: a user name, a session name, a federated user name. */
  static String lastSegment(String arn) {
    int slash = arn.lastIndexOf('/');
    return slash >= 0 ? arn.substring(slash + 1) : arn;
  }

  /** The email of a {@code serviceAccount:EMAIL} id (the id itself without the prefix). */
  static String email(String serviceAccountId) {
    return serviceAccountId.startsWith("serviceAccount:")
        ? serviceAccountId.substring("serviceAccount:".length())
        : serviceAccountId;
  }

  /** The unique id of a {@code projects/-/serviceAccounts/UNIQUE_ID} id, if {@code id} is one. */
  static Optional<String> serviceAccountUniqueIdForm(String id) {
    if (!id.startsWith(SERVICE_ACCOUNT_BY_UNIQUE_ID)) {
      return Optional.empty();
    }
    String uniqueId = id.substring(SERVICE_ACCOUNT_BY_UNIQUE_ID.length());
    return !uniqueId.isEmpty() && uniqueId.chars().allMatch(c -> c >= '0' && c <= '9')
        ? Optional.of(uniqueId) : Optional.empty();
  }

  /**
   * The kind a principal id's syntax names, for a principal no record describes: an AWS ARN's resource
   * type, a GCP member prefix; {@link PrincipalKind#UNKNOWN} for anything else.
   */
  static PrincipalKind kindOf(String id) {
    if (id.startsWith("arn:")) {
      return id.contains(":assumed-role/") ? PrincipalKind.ROLE_SESSION
          : id.contains(":role/") ? PrincipalKind.IAM_ROLE
          : id.contains(":user/") ? PrincipalKind.IAM_USER
          : id.contains(":federated-user/") ? PrincipalKind.FEDERATED_USER
          : id.endsWith(":root") ? PrincipalKind.AWS_ACCOUNT : PrincipalKind.UNKNOWN;
    }
    return id.startsWith("serviceAccount:") ? PrincipalKind.SERVICE_ACCOUNT
        : id.startsWith("user:") ? PrincipalKind.GOOGLE_USER
        : id.startsWith("principal://") || id.startsWith("principalSet://") ? PrincipalKind.FEDERATED_PRINCIPAL
        : PrincipalKind.UNKNOWN;
  }
}
