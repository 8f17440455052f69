package dev.crosstrail.gcp;

import dev.crosstrail.model.Cloud;
import dev.crosstrail.model.Principal;
import dev.crosstrail.model.PrincipalKind;
import java.util.Optional;
import java.util.regex.Pattern;
import software.amazon.awssdk.arns.Arn;

/**
 * Turns the names a Cloud Audit Log gives a caller into {@link Principal}s with canonical ids
 * (docs/DOMAIN.md §5). Pure functions of their arguments.
 */
final class Principals {

  static final String SERVICE_ACCOUNT_DOMAIN = ".gserviceaccount.com";

  /** The local part of a Google-managed service agent: {@code service-123456789012}. */
  private static final Pattern SERVICE_AGENT = Pattern.compile("service-\\d+");

  private Principals() {}

  /**
   * A {@code principalEmail}: {@code serviceAccount:EMAIL} for an address ending in
   * {@code .gserviceaccount.com}, otherwise {@code user:EMAIL}.
   */
  static Principal fromEmail(String email, String sourceType) {
    if (email.endsWith(SERVICE_ACCOUNT_DOMAIN)) {
      Principal p = Principal.of("serviceAccount:" + email, PrincipalKind.SERVICE_ACCOUNT, Cloud.GCP)
          .withSourceType(sourceType);
      return projectOfServiceAccount(email).map(p::withAccount).orElse(p);
    }
    return Principal.of("user:" + email, PrincipalKind.GOOGLE_USER, Cloud.GCP).withSourceType(sourceType);
  }

  /**
   * The project id of a user-managed service account {@code NAME@PROJECT.iam.gserviceaccount.com};
   * empty for Google-managed agents ({@code …@developer.gserviceaccount.com},
   * {@code …@gcp-sa-*.iam.gserviceaccount.com}, {@code service-NUMBER@compute-system.iam.gserviceaccount.com})
   * whose domain is not the customer's project id.
   */
  static Optional<String> projectOfServiceAccount(String email) {
    int at = email.indexOf('@');
    String suffix = ".iam" + SERVICE_ACCOUNT_DOMAIN;
    if (at < 0 || !email.endsWith(suffix)) {
      return Optional.empty();
    }
    String project = email.substring(at + 1, email.length() - suffix.length());
    String local = email.substring(0, at);
    boolean agent = project.startsWith("gcp-sa-") || project.endsWith("-system")
        || SERVICE_AGENT.matcher(local).matches();
    return project.isEmpty() || agent || project.contains(".") ? Optional.empty() : Optional.of(project);
  }

  /**
   * A {@code principalSubject} as the acting principal.
   *
   * <ul>
   *   <li>{@code user:EMAIL} / {@code serviceAccount:EMAIL} (what GCP writes beside a
   *       {@code principalEmail}) → that Google user or service account;
   *   <li>{@code principal://…} and {@code principalSet://…} → {@link PrincipalKind#FEDERATED_PRINCIPAL}, verbatim;
   *   <li>the legacy GKE form {@code serviceAccount:POOL[SUBJECT]} → federated, verbatim;
   *   <li>a bare AWS ARN ({@code arn:aws:sts::111111111111:assumed-role/ROLE/SESSION}, seed 004) →
   *       federated principal whose id is the ARN text exactly and whose account is the AWS account
   *       id of the ARN, so the graph can match it against the AWS session;
   *   <li>anything else (an Azure object id, a workforce OIDC {@code sub}) → federated, verbatim.
   * </ul>
   */
  static Principal fromSubject(String subject, String sourceType) {
    if (subject.startsWith("user:") && subject.indexOf('@') > 0 && !subject.contains("[")) {
      return Principal.of(subject, PrincipalKind.GOOGLE_USER, Cloud.GCP).withSourceType(sourceType);
    }
    if (subject.startsWith("serviceAccount:") && !subject.contains("[") && subject.indexOf('@') > 0) {
      Principal p = Principal.of(subject, PrincipalKind.SERVICE_ACCOUNT, Cloud.GCP).withSourceType(sourceType);
      return projectOfServiceAccount(subject.substring("serviceAccount:".length())).map(p::withAccount).orElse(p);
    }
    Principal p = Principal.of(subject, PrincipalKind.FEDERATED_PRINCIPAL, Cloud.GCP).withSourceType(sourceType);
    Optional<Arn> arn = awsArn(subject);
    if (arn.isPresent() && arn.get().accountId().isPresent()) {
      return p.withAccount(arn.get().accountId().get());
    }
    return p;
  }

  /**
   * The external identity behind a federated subject, as an AWS principal when it is one: the
   * {@code SUBJECT} of {@code principal://…/subject/SUBJECT}, or the subject itself.
   *
   * <ul>
   *   <li>{@code arn:aws:sts::A:assumed-role/R/S} → {@link PrincipalKind#ROLE_SESSION} (AWS, account A);
   *   <li>{@code arn:aws:iam::A:role/R} → {@link PrincipalKind#IAM_ROLE};
   *   <li>{@code arn:aws:sts::A:federated-user/NAME} → {@link PrincipalKind#FEDERATED_USER} (GetFederationToken);
   *   <li>a bare 12-digit AWS account id {@code A} → {@link PrincipalKind#AWS_ACCOUNT} {@code arn:aws:iam::A:root};
   *   <li>anything else → {@link PrincipalKind#FEDERATED_PRINCIPAL} (GCP) with the subject verbatim.
   * </ul>
   */
  static Principal externalSubject(String subjectOrPrincipal, String sourceType) {
    String subject = subjectOf(subjectOrPrincipal).orElse(subjectOrPrincipal);
    Optional<Arn> arn = awsArn(subject);
    if (arn.isPresent() && arn.get().accountId().isPresent()) {
      String account = arn.get().accountId().get();
      String resource = arn.get().resourceAsString();
      if (arn.get().service().equals("sts") && resource.startsWith("assumed-role/")) {
        return new Principal(subject, PrincipalKind.ROLE_SESSION, Cloud.AWS, Optional.of(account), Optional.empty(),
            Optional.of(sourceType));
      }
      if (arn.get().service().equals("iam") && resource.startsWith("role/")) {
        return new Principal(subject, PrincipalKind.IAM_ROLE, Cloud.AWS, Optional.of(account), Optional.empty(),
            Optional.of(sourceType));
      }
      if (arn.get().service().equals("sts") && resource.startsWith("federated-user/")) {
        return new Principal(subject, PrincipalKind.FEDERATED_USER, Cloud.AWS, Optional.of(account), Optional.empty(),
            Optional.of(sourceType));
      }
      if (arn.get().service().equals("iam") && resource.startsWith("user/")) {
        return new Principal(subject, PrincipalKind.IAM_USER, Cloud.AWS, Optional.of(account), Optional.empty(),
            Optional.of(sourceType));
      }
    }
    if (subject.length() == 12 && subject.chars().allMatch(c -> c >= '0' && c <= '9')) {
      return new Principal("arn:aws:iam::" + subject + ":root", PrincipalKind.AWS_ACCOUNT, Cloud.AWS,
          Optional.of(subject), Optional.empty(), Optional.of(sourceType));
    }
    return Principal.of(subject, PrincipalKind.FEDERATED_PRINCIPAL, Cloud.GCP).withSourceType(sourceType);
  }

  /** The {@code SUBJECT} of {@code principal://…/subject/SUBJECT}, or empty for other forms. */
  static Optional<String> subjectOf(String principal) {
    if (!principal.startsWith("principal://")) {
      return Optional.empty();
    }
    int i = principal.indexOf("/subject/");
    return i < 0 ? Optional.empty() : Optional.of(principal.substring(i + "/subject/".length()));
  }

  /** Whether a subject is a federated principal id GCP writes: {@code principal://…} or {@code principalSet://…}. */
  static boolean isFederatedId(String s) {
    return s.startsWith("principal://") || s.startsWith("principalSet://");
  }

  static Optional<Arn> awsArn(String s) {
    if (!s.startsWith("arn:aws")) {
      return Optional.empty();
    }
    try {
      return Arn.tryFromString(s);
    } catch (IllegalArgumentException e) {
      // the SDK throws instead of returning empty for some ARN-shaped texts (an empty resource:
      // arn:aws:iam::123456789012:role/)
      return Optional.empty();
    }
  }
}
