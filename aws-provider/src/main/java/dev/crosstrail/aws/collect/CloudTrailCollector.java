package dev.crosstrail.aws.collect;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongSupplier;
import software.amazon.awssdk.services.cloudtrail.model.LookupAttributeKey;

/**
 * Collects CloudTrail records from AWS into a local directory that crosstrail's readers read
 * ({@code AuditLogs.load().read(List.of(outputDirectory), ...)}): the event history
 * ({@code LookupEvents}) of several accounts and regions, and the log files of a trail's S3 bucket.
 *
 * <pre>{@code
 * CloudTrailCollector collector = CloudTrailCollector.newBuilder()
 *     .outputDirectory(Path.of("logs"))
 *     .account(AwsAccount.of("123456789012", CredentialSource.profile("prod-audit")))
 *     .account(AwsAccount.assumingRole("arn:aws:iam::111122223333:role/CrossTrailReader"))
 *     .regions(List.of("eu-west-1"))            // us-east-1 is added, with a warning
 *     .startTime(Instant.parse("2024-08-01T00:00:00Z"))
 *     .listener(progress)
 *     .build();
 * CollectionResult history = collector.collectEventHistory();
 * CollectionResult files = collector.collectTrailBucket(
 *     TrailBucket.of("org-trail-logs", "eu-west-1", CredentialSource.profile("log-archive")));
 * }</pre>
 *
 * <p><b>Output.</b> Event-history results become trail-style files
 * {@code AWSLogs/ACCOUNT/CloudTrail/REGION/YYYY/MM/DD/ACCOUNT_CloudTrail_REGION_YYYYMMDDTHHmmZ_UNIQUE.json.gz}
 * holding {@code {"Records":[...]}} with each result's {@code CloudTrailEvent} unchanged; trail-bucket
 * objects are stored under their own key, digests ({@code CloudTrail-Digest/}) skipped. Every file is
 * written to a hidden {@code .NAME.partial} file first and moved into place when complete.
 *
 * <p><b>Incremental runs.</b> Each source (account + region, and bucket prefix) keeps a checkpoint in
 * {@code OUTPUT/.crosstrail/checkpoints/}. A run with a checkpoint starts at the end of the last
 * completed window minus {@link Builder#overlap(Duration) the overlap} (CloudTrail delivers events up to
 * about 15 minutes late), ignoring {@code startTime}; records already written (by {@code eventID}, or
 * S3 key) are skipped. A failed source keeps what it committed, page by page, so running again
 * collects exactly the rest.
 *
 * <p><b>Limits.</b> Requests to one account and region are paced (2 per second by default, under
 * CloudTrail's {@code LookupEvents} quota); throttling, 5xx responses and dropped connections are
 * retried by the SDK's standard retry strategy with exponential backoff and jitter, up to
 * {@link Builder#maxAttempts(int)} attempts.
 *
 * <p>Instances are immutable and may be reused for several runs; runs are sequential.
 */
public final class CloudTrailCollector {

  static final System.Logger LOG = System.getLogger(CloudTrailCollector.class.getName());

  /** The region that holds global-service events (IAM, the global STS endpoint, console sign-in). */
  public static final String GLOBAL_EVENTS_REGION = "us-east-1";

  private final Settings settings;

  private CloudTrailCollector(Settings settings) {
    this.settings = settings;
  }

  /** A builder with the defaults described on each setting. */
  public static Builder newBuilder() {
    return new Builder();
  }

  /** The regions collected, us-east-1 included unless left out with {@link Builder#addUsEast1(boolean)}. */
  public List<String> regions() {
    return settings.regions();
  }

  /** Warnings about the settings, repeated in every result (for example: us-east-1 was added). */
  public List<String> warnings() {
    return settings.warnings();
  }

  /**
   * Collects the event history ({@code LookupEvents}) of every account in every region, one source
   * after the other. A source that fails is reported in the result and does not stop the others.
   */
  public CollectionResult collectEventHistory() {
    Instant end = settings.endTime().orElseGet(settings.clock()::instant);
    List<String> warnings = startWarnings(end, true);
    List<SourceResult> results = new ArrayList<>();
    CheckpointStore store = new CheckpointStore(settings.outputDirectory(),
        settings.lookupKey().map(key -> key + "=" + settings.lookupValue().orElseThrow()));
    long retries;
    try (Clients clients = new Clients(settings)) {
      for (AwsAccount account : settings.accounts()) {
        for (String region : settings.regions()) {
          CollectionSource source = CollectionSource.eventHistory(account.id(), region);
          results.add(run(source, end, () -> new EventHistoryCollection(settings, source,
              clients.cloudTrail(account, region), store, end).run()));
        }
      }
      retries = clients.retries.value();
    }
    return new CollectionResult(results, warnings, retries);
  }

  /**
   * Copies the trail files of every account and region for the days of the window from
   * {@code bucket}. A source that fails is reported in the result and does not stop the others.
   */
  public CollectionResult collectTrailBucket(TrailBucket bucket) {
    requireNonNull(bucket, "bucket");
    Instant end = settings.endTime().orElseGet(settings.clock()::instant);
    List<String> warnings = startWarnings(end, false);
    List<SourceResult> results = new ArrayList<>();
    CheckpointStore store = new CheckpointStore(settings.outputDirectory());
    long retries;
    try (Clients clients = new Clients(settings)) {
      var s3 = clients.s3(bucket);
      for (AwsAccount account : settings.accounts()) {
        for (String region : settings.regions()) {
          CollectionSource source = CollectionSource.trailBucket(account.id(), region,
              "s3://" + bucket.name() + "/" + bucket.logsRoot());
          results.add(run(source, end, () -> new TrailBucketCollection(settings, bucket, source, s3, store, end).run()));
        }
      }
      retries = clients.retries.value();
    }
    return new CollectionResult(results, warnings, retries);
  }

  private interface SourceRun {
    SourceResult run();
  }

  private SourceResult run(CollectionSource source, Instant end, SourceRun body) {
    SourceResult result;
    try {
      result = body.run();
    } catch (CollectionException e) {
      result = new SourceResult(source, end, end, 0, 0, 0, List.of(), Optional.of(e));
    } catch (RuntimeException e) {
      result = new SourceResult(source, end, end, 0, 0, 0, List.of(),
          Optional.of(new CollectionException(source, "failed: " + e, e)));
    }
    result.failure().ifPresent(e -> {
      LOG.log(System.Logger.Level.WARNING, e.getMessage(), e);
      settings.listener().warning(e.getMessage());
    });
    return result;
  }

  private List<String> startWarnings(Instant end, boolean eventHistory) {
    List<String> warnings = new ArrayList<>(settings.warnings());
    if (eventHistory && settings.startTime().isPresent()
        && settings.startTime().get().isBefore(end.minus(Duration.ofDays(90)))) {
      warnings.add("The event history keeps 90 days: records before " + end.minus(Duration.ofDays(90))
          + " come only from a trail bucket (collectTrailBucket).");
    }
    for (String warning : warnings) {
      LOG.log(System.Logger.Level.WARNING, warning);
      settings.listener().warning(warning);
    }
    return warnings;
  }

  /**
   * Settings of a {@link CloudTrailCollector}. Required: {@link #outputDirectory(Path)}, at least one
   * {@link #account(AwsAccount)} and one region.
   */
  public static final class Builder {
    private Path outputDirectory;
    private final Map<String, AwsAccount> accounts = new LinkedHashMap<>();
    private final Set<String> regions = new LinkedHashSet<>();
    private boolean addUsEast1 = true;
    private Instant startTime;
    private Instant endTime;
    private Duration defaultWindow = Duration.ofDays(1);
    private Duration overlap = Duration.ofMinutes(30);
    private String lookupKey;
    private String lookupValue;
    private URI cloudTrailEndpoint;
    private final Map<String, URI> cloudTrailRegionEndpoints = new HashMap<>();
    private URI s3Endpoint;
    private URI stsEndpoint;
    private String stsRegion = GLOBAL_EVENTS_REGION;
    private boolean fips;
    private int maxAttempts = 8;
    private Duration retryBaseDelay = Duration.ofMillis(100);
    private Duration retryMaxDelay = Duration.ofSeconds(20);
    private double requestsPerSecond = 2.0;
    private CollectionListener listener = CollectionListener.NONE;
    private Clock clock = Clock.systemUTC();
    private LongSupplier ticker = System::nanoTime;
    private RequestPacer.Sleeper sleeper = RequestPacer.Sleeper.SYSTEM;

    private Builder() {
    }

    /** Where files and checkpoints are written; created when missing. Required. */
    public Builder outputDirectory(Path outputDirectory) {
      this.outputDirectory = requireNonNull(outputDirectory, "outputDirectory");
      return this;
    }

    /** Adds an account to collect from. An account given twice must come with the same credentials. */
    public Builder account(AwsAccount account) {
      requireNonNull(account, "account");
      AwsAccount known = accounts.putIfAbsent(account.id(), account);
      if (known != null && !known.equals(account)) {
        throw new IllegalArgumentException("Account " + account.id() + " is given twice, with " + known.credentials()
            + " and with " + account.credentials());
      }
      return this;
    }

    /** Adds accounts to collect from. */
    public Builder accounts(Collection<AwsAccount> accounts) {
      accounts.forEach(this::account);
      return this;
    }

    /** Adds a region, for example {@code eu-west-1}. */
    public Builder region(String region) {
      requireNonNull(region, "region");
      if (!region.matches("[a-z]{2}(-[a-z]+)+-\\d+")) {
        throw new IllegalArgumentException("Not an AWS region name: '" + region + "' (expected e.g. eu-west-1)");
      }
      regions.add(region);
      return this;
    }

    /** Adds regions. */
    public Builder regions(Collection<String> regions) {
      regions.forEach(this::region);
      return this;
    }

    /**
     * Whether us-east-1 is added when the regions leave it out (default true). Global-service events
     * (IAM, the global STS endpoint, console sign-in) are recorded only there; either way a warning says
     * what happened.
     */
    public Builder addUsEast1(boolean addUsEast1) {
      this.addUsEast1 = addUsEast1;
      return this;
    }

    /**
     * The start of the window for a source without a checkpoint. Default: one day before the end.
     * A source with a checkpoint starts at its checkpoint minus the overlap instead.
     */
    public Builder startTime(Instant startTime) {
      this.startTime = requireNonNull(startTime, "startTime");
      return this;
    }

    /** The end of the window (exclusive for LookupEvents). Default: the clock's now, at each run. */
    public Builder endTime(Instant endTime) {
      this.endTime = requireNonNull(endTime, "endTime");
      return this;
    }

    /**
     * How far before the last checkpoint the next window starts, to pick up late deliveries
     * (default 30 minutes; CloudTrail delivers up to about 15 minutes late). Records seen within the
     * overlap are remembered in the checkpoint, so none is written twice.
     */
    public Builder overlap(Duration overlap) {
      requireNonNull(overlap, "overlap");
      if (overlap.isNegative()) {
        throw new IllegalArgumentException("overlap must not be negative, got " + overlap);
      }
      this.overlap = overlap;
      return this;
    }

    /**
     * Restricts the event history to one lookup attribute, for example {@code ("EventName", "AssumeRole")}.
     * Keys: EventId, EventName, ReadOnly, Username, ResourceType, ResourceName, EventSource, AccessKeyId.
     */
    public Builder lookupAttribute(String key, String value) {
      requireNonNull(key, "key");
      requireNonNull(value, "value");
      if (LookupAttributeKey.fromValue(key) == LookupAttributeKey.UNKNOWN_TO_SDK_VERSION) {
        throw new IllegalArgumentException("Unknown lookup attribute '" + key + "'; use one of "
            + LookupAttributeKey.knownValues());
      }
      this.lookupKey = key;
      this.lookupValue = value;
      return this;
    }

    /** A CloudTrail endpoint for every region: a VPC endpoint or a local stand-in. */
    public Builder cloudTrailEndpoint(URI endpoint) {
      this.cloudTrailEndpoint = requireNonNull(endpoint, "endpoint");
      return this;
    }

    /** A CloudTrail endpoint for one region; wins over {@link #cloudTrailEndpoint(URI)}. */
    public Builder cloudTrailEndpoint(String region, URI endpoint) {
      cloudTrailRegionEndpoints.put(requireNonNull(region, "region"), requireNonNull(endpoint, "endpoint"));
      return this;
    }

    /** An S3 endpoint for trail buckets (requests then use path-style addressing). */
    public Builder s3Endpoint(URI endpoint) {
      this.s3Endpoint = requireNonNull(endpoint, "endpoint");
      return this;
    }

    /** The STS endpoint used to assume roles. */
    public Builder stsEndpoint(URI endpoint) {
      this.stsEndpoint = requireNonNull(endpoint, "endpoint");
      return this;
    }

    /** The region whose STS endpoint assumes roles (default us-east-1). */
    public Builder stsRegion(String region) {
      this.stsRegion = requireNonNull(region, "region");
      return this;
    }

    /** Uses FIPS endpoints where no endpoint is overridden (default false). */
    public Builder fips(boolean fips) {
      this.fips = fips;
      return this;
    }

    /** Attempts per request, the first included, before a source fails (default 8). */
    public Builder maxAttempts(int maxAttempts) {
      if (maxAttempts < 1) {
        throw new IllegalArgumentException("maxAttempts must be at least 1, got " + maxAttempts);
      }
      this.maxAttempts = maxAttempts;
      return this;
    }

    /**
     * Exponential backoff with full jitter between attempts: {@code base} for errors, ten times
     * {@code base} for throttling, never more than {@code max} (defaults 100 ms and 20 s).
     */
    public Builder retryBackoff(Duration base, Duration max) {
      requireNonNull(base, "base");
      requireNonNull(max, "max");
      if (base.isNegative() || base.isZero() || max.compareTo(base) < 0) {
        throw new IllegalArgumentException("retry backoff needs 0 < base <= max, got base " + base + " and max " + max);
      }
      this.retryBaseDelay = base;
      this.retryMaxDelay = max;
      return this;
    }

    /** Requests per second to one account and region, retries included (default 2, LookupEvents' quota). */
    public Builder requestsPerSecond(double requestsPerSecond) {
      if (!(requestsPerSecond > 0) || Double.isInfinite(requestsPerSecond)) {
        throw new IllegalArgumentException("requestsPerSecond must be positive, got " + requestsPerSecond);
      }
      this.requestsPerSecond = requestsPerSecond;
      return this;
    }

    /** Hears progress: pages, files, retries, warnings. */
    public Builder listener(CollectionListener listener) {
      this.listener = requireNonNull(listener, "listener");
      return this;
    }

    /** The clock that gives the default end of the window. */
    public Builder clock(Clock clock) {
      this.clock = requireNonNull(clock, "clock");
      return this;
    }

    /** The time source and sleeper of request pacing; tests pass a fake clock. */
    Builder pacing(LongSupplier ticker, RequestPacer.Sleeper sleeper) {
      this.ticker = requireNonNull(ticker, "ticker");
      this.sleeper = requireNonNull(sleeper, "sleeper");
      return this;
    }

    /**
     * Checks the settings.
     *
     * @throws IllegalArgumentException when a required setting is missing or two settings conflict
     */
    public CloudTrailCollector build() {
      if (outputDirectory == null) {
        throw new IllegalArgumentException("outputDirectory is required");
      }
      if (accounts.isEmpty()) {
        throw new IllegalArgumentException("at least one account is required");
      }
      if (regions.isEmpty()) {
        throw new IllegalArgumentException("at least one region is required (us-east-1 holds global-service events)");
      }
      if (startTime != null && endTime != null && !startTime.isBefore(endTime)) {
        throw new IllegalArgumentException("startTime " + startTime + " is not before endTime " + endTime);
      }
      for (String region : cloudTrailRegionEndpoints.keySet()) {
        if (!regions.contains(region) && !(addUsEast1 && region.equals(GLOBAL_EVENTS_REGION))) {
          throw new IllegalArgumentException("A CloudTrail endpoint is given for region " + region
              + ", which is not among the regions " + regions);
        }
      }
      List<String> finalRegions = new ArrayList<>(regions);
      List<String> warnings = new ArrayList<>();
      if (!regions.contains(GLOBAL_EVENTS_REGION)) {
        if (addUsEast1) {
          finalRegions.add(GLOBAL_EVENTS_REGION);
          warnings.add("us-east-1 was added to the regions " + regions + ": global-service events (IAM, the global"
              + " STS endpoint, console sign-in) are recorded only there. Leave it out with --no-us-east-1"
              + " (addUsEast1(false) in the library).");
        } else {
          warnings.add("us-east-1 is not collected: global-service events (IAM, the global STS endpoint, console"
              + " sign-in) are recorded only there, so role assumptions and IAM changes will be missing.");
        }
      }
      long intervalNanos = Math.max(1, (long) Math.ceil(1_000_000_000d / requestsPerSecond));
      Settings settings = new Settings(outputDirectory.toAbsolutePath().normalize(), List.copyOf(accounts.values()),
          finalRegions, warnings, Optional.ofNullable(startTime), Optional.ofNullable(endTime), defaultWindow,
          overlap, Optional.ofNullable(lookupKey).map(LookupAttributeKey::fromValue), Optional.ofNullable(lookupValue),
          Optional.ofNullable(cloudTrailEndpoint), cloudTrailRegionEndpoints, Optional.ofNullable(s3Endpoint),
          Optional.ofNullable(stsEndpoint), stsRegion, fips, maxAttempts, retryBaseDelay, retryMaxDelay,
          Duration.ofNanos(intervalNanos), listener, clock, ticker, sleeper);
      return new CloudTrailCollector(settings);
    }
  }
}
