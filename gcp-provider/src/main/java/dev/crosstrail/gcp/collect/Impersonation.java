package dev.crosstrail.gcp.collect;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.util.List;
import java.util.Optional;

/**
 * Service account impersonation on top of the base credentials: the collector calls
 * {@code iamcredentials.googleapis.com} {@code generateAccessToken} for {@code targetServiceAccount}
 * (through the {@code delegates}, in order) and reads logs as that account. The caller needs
 * {@code roles/iam.serviceAccountTokenCreator} on the target.
 *
 * @param targetServiceAccount the service account to act as, for example {@code log-reader@my-project.iam.gserviceaccount.com}
 * @param delegates the delegation chain between the caller and the target, possibly empty
 * @param iamEndpoint an override of the generateAccessToken URL, for private or regional endpoints and
 *     local stand-ins, for example
 *     {@code https://iamcredentials.example.internal/v1/projects/-/serviceAccounts/log-reader@my-project.iam.gserviceaccount.com:generateAccessToken}
 */
public record Impersonation(String targetServiceAccount, List<String> delegates, Optional<URI> iamEndpoint) {

  public Impersonation {
    requireNonNull(targetServiceAccount, "targetServiceAccount");
    if (targetServiceAccount.isBlank()) {
      throw new IllegalArgumentException("targetServiceAccount must name a service account email");
    }
    delegates = List.copyOf(delegates);
    requireNonNull(iamEndpoint, "iamEndpoint");
  }

  /** Impersonates {@code targetServiceAccount} directly, through the public IAM Credentials endpoint. */
  public static Impersonation of(String targetServiceAccount) {
    return new Impersonation(targetServiceAccount, List.of(), Optional.empty());
  }

  /** The same impersonation through another generateAccessToken URL. */
  public Impersonation withIamEndpoint(URI endpoint) {
    return new Impersonation(targetServiceAccount, delegates, Optional.of(endpoint));
  }
}
