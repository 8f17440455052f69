package dev.crosstrail.gcp.collect;

import com.google.auth.Credentials;
import com.google.auth.http.HttpTransportFactory;
import com.google.auth.oauth2.ExternalAccountCredentials;
import com.google.auth.oauth2.GoogleCredentials;
import com.google.auth.oauth2.ImpersonatedCredentials;
import com.google.auth.oauth2.ServiceAccountCredentials;
import dev.crosstrail.io.CrossTrailException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** Turns a {@link CredentialsSource} and an optional {@link Impersonation} into google-auth credentials. */
final class GoogleAuth {

  /** Enough to read log entries, private (Data Access) logs included. */
  static final String LOGGING_READ = "https://www.googleapis.com/auth/logging.read";
  /** What the IAM Credentials API asks of the caller that impersonates. */
  static final String CLOUD_PLATFORM = "https://www.googleapis.com/auth/cloud-platform";
  private static final int IMPERSONATED_LIFETIME_SECONDS = 3600;

  private GoogleAuth() {}

  /** The credentials to call Cloud Logging with; empty for {@link CredentialsSource.None}. */
  static Optional<Credentials> create(CredentialsSource source, Optional<Impersonation> impersonation) {
    return create(source, impersonation, Optional.empty());
  }

  /**
   * As {@link #create(CredentialsSource, Optional)}, with the HTTP transport google-auth uses for token
   * endpoints (tests use one that trusts a loopback stand-in's certificate; google-auth requires https
   * for STS and impersonation URLs).
   */
  static Optional<Credentials> create(CredentialsSource source, Optional<Impersonation> impersonation,
      Optional<HttpTransportFactory> transport) {
    if (source instanceof CredentialsSource.None) {
      if (impersonation.isPresent()) {
        throw new IllegalArgumentException("impersonation of " + impersonation.get().targetServiceAccount()
            + " needs base credentials, but credentials are none");
      }
      return Optional.empty();
    }
    GoogleCredentials base = base(source, transport);
    if (impersonation.isEmpty()) {
      return Optional.of(base.createScoped(List.of(LOGGING_READ)));
    }
    Impersonation imp = impersonation.get();
    ImpersonatedCredentials.Builder builder = ImpersonatedCredentials.newBuilder()
        .setSourceCredentials(base.createScoped(List.of(CLOUD_PLATFORM)))
        .setTargetPrincipal(imp.targetServiceAccount())
        .setDelegates(imp.delegates())
        .setScopes(List.of(LOGGING_READ))
        .setLifetime(IMPERSONATED_LIFETIME_SECONDS);
    imp.iamEndpoint().ifPresent(uri -> builder.setIamEndpointOverride(uri.toString()));
    transport.ifPresent(builder::setHttpTransportFactory);
    return Optional.of(builder.build());
  }

  private static GoogleCredentials base(CredentialsSource source, Optional<HttpTransportFactory> transport) {
    if (source instanceof CredentialsSource.ApplicationDefault) {
      try {
        return transport.isPresent() ? GoogleCredentials.getApplicationDefault(transport.get())
            : GoogleCredentials.getApplicationDefault();
      } catch (IOException e) {
        throw new CrossTrailException("No Application Default Credentials found (" + e.getMessage() + "). Run "
            + "'gcloud auth application-default login', set GOOGLE_APPLICATION_CREDENTIALS, or choose a key file "
            + "or an external-account configuration.", e);
      }
    }
    if (source instanceof CredentialsSource.ServiceAccountKey key) {
      try (InputStream in = open(key.keyFile(), "service account key file")) {
        return transport.isPresent() ? ServiceAccountCredentials.fromStream(in, transport.get())
            : ServiceAccountCredentials.fromStream(in);
      } catch (IOException e) {
        throw unreadable(key.keyFile(), "service account key file (\"type\": \"service_account\")", e);
      }
    }
    if (source instanceof CredentialsSource.ExternalAccount ext) {
      try (InputStream in = open(ext.configFile(), "external-account configuration")) {
        return transport.isPresent() ? ExternalAccountCredentials.fromStream(in, transport.get())
            : ExternalAccountCredentials.fromStream(in);
      } catch (IOException e) {
        throw unreadable(ext.configFile(), "external-account configuration (\"type\": \"external_account\")", e);
      }
    }
    throw new IllegalArgumentException("unknown credentials source " + source);
  }

  private static InputStream open(Path file, String what) throws IOException {
    try {
      return Files.newInputStream(file);
    } catch (NoSuchFileException e) {
      throw new CrossTrailException("The " + what + " " + file + " does not exist", e);
    }
  }

  // Only the library's message is kept: it names the missing or bad field, never the secret itself.
  private static CrossTrailException unreadable(Path file, String expected, IOException e) {
    return new CrossTrailException("Cannot use " + file + " as a " + expected + ": " + e.getMessage(), e);
  }
}
