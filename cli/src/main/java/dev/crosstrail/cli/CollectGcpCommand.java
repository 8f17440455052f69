package dev.crosstrail.cli;

import dev.crosstrail.gcp.collect.AuditLogKind;
import dev.crosstrail.gcp.collect.CloudLoggingCollector;
import dev.crosstrail.gcp.collect.CollectionFailedException;
import dev.crosstrail.gcp.collect.CollectionListener;
import dev.crosstrail.gcp.collect.CollectionResult;
import dev.crosstrail.gcp.collect.CollectorSettings;
import dev.crosstrail.gcp.collect.CredentialsSource;
import dev.crosstrail.gcp.collect.Impersonation;
import dev.crosstrail.gcp.collect.SourceResult;
import dev.crosstrail.io.CrossTrailException;
import dev.crosstrail.io.Rejection;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code crosstrail collect gcp}: Cloud Audit Logs from the Cloud Logging API ({@code entries.list}) into
 * a directory laid out like a Cloud Storage log sink, one checkpoint per resource name and filter.
 */
@Command(name = "gcp", mixinStandardHelpOptions = true,
    description = "Collects Cloud Audit Log entries of projects, folders or organizations from the Cloud Logging "
        + "API into DIR, laid out like a Cloud Storage log sink; a checkpoint per resource lets scheduled runs "
        + "go on where the last one stopped (less --overlap, for late entries). Each resource is collected on "
        + "its own: one that fails does not stop the others, and the exit status is then 1.")
final class CollectGcpCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Directory to write entries into.")
  Path out;

  @Option(names = "--resource", required = true, paramLabel = "projects/P|folders/F|organizations/O",
      description = "Resource whose audit logs are read, e.g. projects/my-project. Repeatable.")
  List<String> resources = new ArrayList<>();

  @Option(names = "--start", required = true, paramLabel = "TIME",
      description = "Earliest entry timestamp (ISO-8601, e.g. 2024-05-01T00:00:00Z), for resources without a checkpoint.")
  Instant start;

  @Option(names = "--end", paramLabel = "TIME", description = "Window end, exclusive (ISO-8601, default now).")
  Instant end;

  @Option(names = "--kind", paramLabel = "KIND", split = ",",
      description = "Audit logs to read: activity, data_access, system_event, policy (default all four).")
  List<String> kinds = new ArrayList<>();

  @Option(names = "--method", paramLabel = "M",
      description = "Only entries with this protoPayload.methodName, e.g. "
          + "google.iam.credentials.v1.IAMCredentials.GenerateAccessToken. Repeatable.")
  List<String> methods = new ArrayList<>();

  @Option(names = "--principal", paramLabel = "P",
      description = "Only entries by this principal email or subject. Repeatable.")
  List<String> principals = new ArrayList<>();

  @Option(names = "--filter", paramLabel = "EXTRA",
      description = "A further Logging query-language filter, ANDed with the rest.")
  String filter;

  @Option(names = "--overlap", paramLabel = "DURATION",
      description = "Re-read this much before the checkpoint for late entries (ISO-8601 duration, default PT10M).")
  Duration overlap;

  @Option(names = "--page-size", paramLabel = "N", description = "Entries per ListLogEntries page, 1 to 1000 (default 1000).")
  Integer pageSize;

  @Option(names = "--credentials", paramLabel = "adc|key=FILE|external=FILE|none", defaultValue = "adc",
      description = "Application Default Credentials (default), a service account key file, an external-account "
          + "(Workload Identity Federation) configuration file, or none (local stand-ins only).")
  String credentials;

  @Option(names = "--impersonate", paramLabel = "SA_EMAIL",
      description = "Read logs as this service account (needs roles/iam.serviceAccountTokenCreator on it).")
  String impersonate;

  @Option(names = "--endpoint", paramLabel = "HOST:PORT",
      description = "Cloud Logging endpoint (default " + CollectorSettings.DEFAULT_ENDPOINT + "), e.g. Private Service Connect.")
  String endpoint;

  @Option(names = "--plaintext", description = "Speak to --endpoint without TLS: only with --credentials none, for local stand-ins.")
  boolean plaintext;

  @Option(names = "--trusted-certificates", paramLabel = "FILE",
      description = "PEM certificates trusted for --endpoint instead of the system roots.")
  Path trustedCertificates;

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    checkConflicts();
    // Validate everything together first (e.g. a resource listed twice), then collect one resource at a time.
    settings(resources);
    List<SourceResult> results = new ArrayList<>();
    List<String> failed = new ArrayList<>();
    for (String resource : resources) {
      try {
        CollectionResult result = CloudLoggingCollector.create(settings(List.of(resource))).collect(progress(err));
        results.addAll(result.sources());
      } catch (CrossTrailException e) {
        if (e instanceof CollectionFailedException partly) {
          results.add(partly.partial()); // written and checkpointed before the failure: counted in the summary
        }
        failed.add(resource);
        err.printf("collect: %s FAILED: %s%n", resource, e.getMessage());
        err.flush();
      }
    }
    return report(results, failed, resources.size(), err);
  }

  private void checkConflicts() {
    if (plaintext && !credentials.equals("none")) {
      throw usage("--plaintext conflicts with --credentials " + credentials
          + ": credentials are only sent over TLS; use --credentials none for a local stand-in");
    }
    if (plaintext && trustedCertificates != null) {
      throw usage("--plaintext conflicts with --trusted-certificates " + trustedCertificates
          + ": certificates are for TLS; drop one of them");
    }
    if (plaintext && endpoint == null) {
      throw usage("--plaintext needs --endpoint HOST:PORT (the local stand-in to speak to)");
    }
    if (trustedCertificates != null && endpoint == null) {
      throw usage("--trusted-certificates needs --endpoint HOST:PORT (the endpoint whose certificate they check)");
    }
    if (impersonate != null && credentials.equals("none")) {
      throw usage("--impersonate " + impersonate + " conflicts with --credentials none: impersonation needs "
          + "credentials that may call generateAccessToken");
    }
  }

  private CollectorSettings settings(List<String> names) {
    CollectorSettings.Builder b = CollectorSettings.newBuilder().resourceNames(names).start(start).outputDirectory(out)
        .kinds(kinds()).methods(methods).principals(principals).credentials(credentialsSource()).plaintext(plaintext);
    if (end != null) {
      b.end(end);
    }
    if (filter != null) {
      b.extraFilter(filter);
    }
    if (overlap != null) {
      b.overlap(overlap);
    }
    if (pageSize != null) {
      b.pageSize(pageSize);
    }
    if (impersonate != null) {
      b.impersonation(Impersonation.of(impersonate));
    }
    if (endpoint != null) {
      b.endpoint(endpoint);
    }
    if (trustedCertificates != null) {
      b.trustedCertificates(trustedCertificates);
    }
    try {
      return b.build();
    } catch (IllegalArgumentException e) {
      throw usage(e.getMessage());
    }
  }

  private Set<AuditLogKind> kinds() {
    if (kinds.isEmpty()) {
      return EnumSet.allOf(AuditLogKind.class);
    }
    Set<AuditLogKind> set = EnumSet.noneOf(AuditLogKind.class);
    for (String k : kinds) {
      set.add(AuditLogKind.fromId(k).orElseThrow(() -> usage("--kind " + k + ": expected one of "
          + Arrays.stream(AuditLogKind.values()).map(AuditLogKind::id).collect(Collectors.joining(", ")))));
    }
    return set;
  }

  private CredentialsSource credentialsSource() {
    String c = credentials.trim();
    String lower = c.toLowerCase(Locale.ROOT);
    if (lower.equals("adc")) {
      return CredentialsSource.applicationDefault();
    }
    if (lower.equals("none")) {
      return CredentialsSource.none();
    }
    if (lower.startsWith("key=") && c.length() > 4) {
      return CredentialsSource.serviceAccountKey(Path.of(c.substring(4)));
    }
    if (lower.startsWith("external=") && c.length() > 9) {
      return CredentialsSource.externalAccount(Path.of(c.substring(9)));
    }
    throw usage("--credentials " + credentials + ": expected adc, key=FILE, external=FILE or none");
  }

  private ParameterException usage(String message) {
    return new ParameterException(spec.commandLine(), message);
  }

  private static CollectionListener progress(PrintWriter err) {
    return new CollectionListener() {
      @Override
      public void sourceStarted(String resourceName, String filter) {
        err.printf("collect: %s filter: %s%n", resourceName, filter);
        err.flush();
      }

      @Override
      public void pageFetched(String resourceName, int page, int entries) {
        err.printf("collect: %s page %d: %d entries%n", resourceName, page, entries);
        err.flush();
      }

      @Override
      public void entriesWritten(String resourceName, Path file, int count) {
        err.printf("collect: %s wrote %s (%d entries)%n", resourceName, file, count);
        err.flush();
      }

      @Override
      public void retrying(String resourceName, int attempt, Duration delay, String error) {
        err.printf("collect: %s retrying in %s (attempt %d failed: %s)%n", resourceName, delay, attempt, error);
        err.flush();
      }

      @Override
      public void warning(String resourceName, String message) {
        err.printf("collect: %s warning: %s%n", resourceName, message);
        err.flush();
      }
    };
  }

  /** Prints the outcome per resource and returns 0 when every resource was collected, else 1. */
  private static int report(List<SourceResult> results, List<String> failed, int resourceCount, PrintWriter err) {
    long written = 0;
    long rejected = 0;
    for (SourceResult s : results) {
      err.printf("collect: %s %s..%s: %d pages, %d entries fetched, %d duplicates skipped, %d written, "
              + "%d rejected, %d files%s%n", s.resourceName(), s.from(), s.to(), s.pages(), s.fetched(),
          s.duplicates(), s.written(), s.summary().rejected(), s.files().size(),
          failed.contains(s.resourceName()) ? ", FAILED before the window's end (the line above says where)" : "");
      for (Rejection r : s.summary().rejections()) {
        err.printf("  rejected %s%n", r);
      }
      written += s.written();
      rejected += s.summary().rejected();
    }
    err.printf("collect: total %d entries written, %d rejected, %d of %d resources failed%s%n", written, rejected,
        failed.size(), resourceCount, failed.isEmpty() ? "" : " (" + String.join(", ", failed) + ")");
    err.flush();
    return failed.isEmpty() ? 0 : 1;
  }
}
