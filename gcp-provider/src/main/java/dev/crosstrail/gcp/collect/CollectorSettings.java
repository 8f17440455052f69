package dev.crosstrail.gcp.collect;

import static java.util.Objects.requireNonNull;

import dev.crosstrail.io.ReadOptions;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What to collect from Cloud Logging, from where, as whom, and where to write it. Built with
 * {@link #newBuilder()}:
 *
 * <pre>{@code
 * CollectorSettings settings = CollectorSettings.newBuilder()
 *     .resourceNames(List.of("projects/my-project", "organizations/123456789012"))
 *     .start(Instant.parse("2024-05-01T00:00:00Z"))
 *     .kinds(Set.of(AuditLogKind.ACTIVITY, AuditLogKind.DATA_ACCESS))
 *     .methods(List.of("google.iam.credentials.v1.IAMCredentials.GenerateAccessToken"))
 *     .outputDirectory(Path.of("gcp-logs"))
 *     .credentials(CredentialsSource.externalAccount(Path.of("aws-wif-config.json")))
 *     .impersonation(Impersonation.of("log-reader@my-project.iam.gserviceaccount.com"))
 *     .build();
 * }</pre>
 *
 * <p>The settings hold no secrets: credentials are read from their files when a collection starts.
 */
public final class CollectorSettings {

  /** The default Cloud Logging endpoint. */
  public static final String DEFAULT_ENDPOINT = "logging.googleapis.com:443";

  private static final Pattern RESOURCE_NAME =
      Pattern.compile("(projects|folders|organizations|billingAccounts)/[A-Za-z0-9._:-]+");

  private final List<String> resourceNames;
  private final Instant start;
  private final Optional<Instant> end;
  private final Set<AuditLogKind> kinds;
  private final List<String> methods;
  private final List<String> principals;
  private final Optional<String> extraFilter;
  private final Path outputDirectory;
  private final Duration overlap;
  private final int pageSize;
  private final RetryPolicy retry;
  private final CredentialsSource credentials;
  private final Optional<Impersonation> impersonation;
  private final Optional<String> endpoint;
  private final Optional<Path> trustedCertificates;
  private final Optional<String> authorityOverride;
  private final boolean plaintext;
  private final ReadOptions readOptions;
  private final boolean checkpoints;
  private final Clock clock;

  private CollectorSettings(Builder b) {
    this.resourceNames = List.copyOf(b.resourceNames);
    this.start = b.start;
    this.end = Optional.ofNullable(b.end);
    this.kinds = b.kinds.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(b.kinds));
    this.methods = List.copyOf(b.methods);
    this.principals = List.copyOf(b.principals);
    this.extraFilter = Optional.ofNullable(b.extraFilter).filter(s -> !s.isBlank());
    this.outputDirectory = b.outputDirectory;
    this.overlap = b.overlap;
    this.pageSize = b.pageSize;
    this.retry = b.retry;
    this.credentials = b.credentials;
    this.impersonation = Optional.ofNullable(b.impersonation);
    this.endpoint = Optional.ofNullable(b.endpoint);
    this.trustedCertificates = Optional.ofNullable(b.trustedCertificates);
    this.authorityOverride = Optional.ofNullable(b.authorityOverride);
    this.plaintext = b.plaintext;
    this.readOptions = b.readOptions;
    this.checkpoints = b.checkpoints;
    this.clock = b.clock;
  }

  /** A builder with the defaults: all four audit logs, Application Default Credentials, pages of 1,000. */
  public static Builder newBuilder() {
    return new Builder();
  }

  /** The resource names read, for example {@code projects/my-project}, {@code folders/123}, {@code organizations/456}. */
  public List<String> resourceNames() {
    return resourceNames;
  }

  /** The earliest entry timestamp wanted (inclusive). */
  public Instant start() {
    return start;
  }

  /** The window end (exclusive); empty means the time the run starts. */
  public Optional<Instant> end() {
    return end;
  }

  /** The audit logs read; empty means no {@code logName} restriction at all. */
  public Set<AuditLogKind> kinds() {
    return kinds;
  }

  /** The {@code protoPayload.methodName} values wanted; empty means all. */
  public List<String> methods() {
    return methods;
  }

  /** The principal emails or subjects wanted; empty means all. */
  public List<String> principals() {
    return principals;
  }

  /** A further raw Logging query-language filter ANDed with the rest. */
  public Optional<String> extraFilter() {
    return extraFilter;
  }

  /** Where the sink-layout files and the checkpoints are written. */
  public Path outputDirectory() {
    return outputDirectory;
  }

  /** How far before the last checkpoint a scheduled run starts again, to pick up late deliveries. */
  public Duration overlap() {
    return overlap;
  }

  /** Entries asked per page (1 to 1,000). */
  public int pageSize() {
    return pageSize;
  }

  /** How page requests are retried. */
  public RetryPolicy retry() {
    return retry;
  }

  /** Where the credentials come from. */
  public CredentialsSource credentials() {
    return credentials;
  }

  /** The service account impersonated on top of the credentials, if any. */
  public Optional<Impersonation> impersonation() {
    return impersonation;
  }

  /** The Logging endpoint ({@code host:port}) when not {@link #DEFAULT_ENDPOINT}. */
  public Optional<String> endpoint() {
    return endpoint;
  }

  /** PEM certificates trusted for the Logging endpoint instead of the system roots. */
  public Optional<Path> trustedCertificates() {
    return trustedCertificates;
  }

  /** The TLS authority (host name checked in the certificate) when it differs from the endpoint's host. */
  public Optional<String> authorityOverride() {
    return authorityOverride;
  }

  /** Whether the Logging endpoint is spoken to without TLS (local stand-ins only). */
  public boolean plaintext() {
    return plaintext;
  }

  /** Lenient (reject and go on) or strict handling of entries that cannot be converted or normalized. */
  public ReadOptions readOptions() {
    return readOptions;
  }

  /** Whether checkpoints are read and written (incremental collection). */
  public boolean checkpoints() {
    return checkpoints;
  }

  /** The clock that supplies "now" for an open window end. */
  public Clock clock() {
    return clock;
  }

  /**
   * The filter for one window, as sent to {@code entries.list}, for example
   * {@code timestamp>="2024-05-01T00:00:00Z" AND timestamp<"2024-05-02T00:00:00Z" AND (logName:"cloudaudit.googleapis.com%2Factivity")}.
   */
  public String filter(Instant from, Instant to) {
    return LogFilter.withWindow(selection(), from, to);
  }

  /** The filter without its time window. */
  String selection() {
    return LogFilter.selection(kinds, methods, principals, extraFilter);
  }

  /** Builds {@link CollectorSettings}; not thread-safe. */
  public static final class Builder {
    private final List<String> resourceNames = new ArrayList<>();
    private Instant start;
    private Instant end;
    private final Set<AuditLogKind> kinds = EnumSet.allOf(AuditLogKind.class);
    private final List<String> methods = new ArrayList<>();
    private final List<String> principals = new ArrayList<>();
    private String extraFilter;
    private Path outputDirectory;
    private Duration overlap = Duration.ofMinutes(10);
    private int pageSize = 1000;
    private RetryPolicy retry = RetryPolicy.DEFAULTS;
    private CredentialsSource credentials = CredentialsSource.applicationDefault();
    private Impersonation impersonation;
    private String endpoint;
    private Path trustedCertificates;
    private String authorityOverride;
    private boolean plaintext;
    private ReadOptions readOptions = ReadOptions.DEFAULTS;
    private boolean checkpoints = true;
    private Clock clock = Clock.systemUTC();

    private Builder() {}

    /** The resource names to read (at least one): {@code projects/P}, {@code folders/F}, {@code organizations/O}. */
    public Builder resourceNames(List<String> names) {
      resourceNames.clear();
      resourceNames.addAll(names);
      return this;
    }

    /** The earliest entry timestamp wanted (inclusive); required. */
    public Builder start(Instant start) {
      this.start = requireNonNull(start, "start");
      return this;
    }

    /** The window end (exclusive); by default the time the run starts. */
    public Builder end(Instant end) {
      this.end = requireNonNull(end, "end");
      return this;
    }

    /** The audit logs to read (default all four); an empty set reads every log the filter matches. */
    public Builder kinds(Set<AuditLogKind> kinds) {
      this.kinds.clear();
      this.kinds.addAll(kinds);
      return this;
    }

    /** Only these {@code protoPayload.methodName} values. */
    public Builder methods(List<String> methods) {
      this.methods.clear();
      this.methods.addAll(methods);
      return this;
    }

    /** Only entries whose {@code principalEmail} or {@code principalSubject} is one of these. */
    public Builder principals(List<String> principals) {
      this.principals.clear();
      this.principals.addAll(principals);
      return this;
    }

    /** A further raw Logging query-language filter, ANDed with the rest, for example {@code severity>=WARNING}. */
    public Builder extraFilter(String filter) {
      this.extraFilter = requireNonNull(filter, "filter");
      return this;
    }

    /** Where to write; required. Created when missing. */
    public Builder outputDirectory(Path dir) {
      this.outputDirectory = requireNonNull(dir, "dir");
      return this;
    }

    /** How far before the last checkpoint a run starts again (default 10 minutes). */
    public Builder overlap(Duration overlap) {
      this.overlap = requireNonNull(overlap, "overlap");
      return this;
    }

    /** Entries per page, 1 to 1,000 (default 1,000). */
    public Builder pageSize(int pageSize) {
      this.pageSize = pageSize;
      return this;
    }

    /** How page requests are retried (default {@link RetryPolicy#DEFAULTS}). */
    public Builder retry(RetryPolicy retry) {
      this.retry = requireNonNull(retry, "retry");
      return this;
    }

    /** Where the credentials come from (default Application Default Credentials). */
    public Builder credentials(CredentialsSource credentials) {
      this.credentials = requireNonNull(credentials, "credentials");
      return this;
    }

    /** Impersonate a service account on top of the credentials. */
    public Builder impersonation(Impersonation impersonation) {
      this.impersonation = requireNonNull(impersonation, "impersonation");
      return this;
    }

    /** Another Logging endpoint, {@code host:port}, for example a Private Service Connect or regional endpoint. */
    public Builder endpoint(String hostAndPort) {
      this.endpoint = requireNonNull(hostAndPort, "hostAndPort");
      return this;
    }

    /** Trust these PEM certificates (instead of the system roots) for the endpoint. */
    public Builder trustedCertificates(Path pemFile) {
      this.trustedCertificates = requireNonNull(pemFile, "pemFile");
      return this;
    }

    /** Check the endpoint's certificate against this host name. */
    public Builder authorityOverride(String authority) {
      this.authorityOverride = requireNonNull(authority, "authority");
      return this;
    }

    /** Speak to the endpoint without TLS: only for a local stand-in, and only with {@link CredentialsSource#none()}. */
    public Builder plaintext(boolean plaintext) {
      this.plaintext = plaintext;
      return this;
    }

    /** Lenient (default) or strict handling of bad entries. */
    public Builder readOptions(ReadOptions options) {
      this.readOptions = requireNonNull(options, "options");
      return this;
    }

    /** Whether to read and write checkpoints (default true). */
    public Builder checkpoints(boolean enabled) {
      this.checkpoints = enabled;
      return this;
    }

    /** The clock for an open window end (default the system clock). */
    public Builder clock(Clock clock) {
      this.clock = requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Checks the settings together.
     *
     * @throws IllegalArgumentException naming the conflicting or missing values
     */
    public CollectorSettings build() {
      if (resourceNames.isEmpty()) {
        throw new IllegalArgumentException("at least one resource name is needed, for example projects/my-project");
      }
      for (String name : resourceNames) {
        if (name == null || !RESOURCE_NAME.matcher(name).matches()) {
          throw new IllegalArgumentException("resource name " + name + " is not of the form projects/PROJECT_ID, "
              + "folders/FOLDER_ID, organizations/ORGANIZATION_ID or billingAccounts/ACCOUNT_ID");
        }
      }
      if (resourceNames.stream().distinct().count() != resourceNames.size()) {
        throw new IllegalArgumentException("resource names listed twice: " + resourceNames);
      }
      if (start == null) {
        throw new IllegalArgumentException("start is required: the earliest entry timestamp to collect");
      }
      if (end != null && !end.isAfter(start)) {
        throw new IllegalArgumentException("end " + end + " must be after start " + start);
      }
      if (outputDirectory == null) {
        throw new IllegalArgumentException("outputDirectory is required");
      }
      if (pageSize < 1 || pageSize > 1000) {
        throw new IllegalArgumentException("pageSize must be 1 to 1000 (the entries.list maximum), got " + pageSize);
      }
      if (overlap.isNegative()) {
        throw new IllegalArgumentException("overlap must not be negative, got " + overlap);
      }
      for (String m : methods) {
        if (m == null || m.isBlank()) {
          throw new IllegalArgumentException("method names must not be blank: " + methods);
        }
      }
      for (String p : principals) {
        if (p == null || p.isBlank()) {
          throw new IllegalArgumentException("principals must not be blank: " + principals);
        }
      }
      if (plaintext && !(credentials instanceof CredentialsSource.None)) {
        throw new IllegalArgumentException("plaintext=true conflicts with credentials " + credentials
            + ": tokens are only sent over TLS; use CredentialsSource.none() for a local stand-in");
      }
      if (plaintext && trustedCertificates != null) {
        throw new IllegalArgumentException("plaintext=true conflicts with trustedCertificates " + trustedCertificates);
      }
      if ((plaintext || trustedCertificates != null || authorityOverride != null) && endpoint == null) {
        throw new IllegalArgumentException("plaintext, trustedCertificates and authorityOverride need an endpoint");
      }
      if (endpoint != null && !endpoint.matches("[^\\s/:]+:\\d{1,5}|\\[[0-9A-Fa-f:.]+\\]:\\d{1,5}")) {
        throw new IllegalArgumentException("endpoint " + endpoint + " is not host:port, for example "
            + DEFAULT_ENDPOINT);
      }
      CollectorSettings settings = new CollectorSettings(this);
      settings.selection(); // rejects control characters in filter values now rather than mid-run
      return settings;
    }
  }
}
