package dev.crosstrail.aws.collect;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;
import software.amazon.awssdk.services.cloudtrail.model.LookupAttributeKey;

/** The validated settings of a {@link CloudTrailCollector}. */
record Settings(
    Path outputDirectory,
    List<AwsAccount> accounts,
    List<String> regions,
    List<String> warnings,
    Optional<Instant> startTime,
    Optional<Instant> endTime,
    Duration defaultWindow,
    Duration overlap,
    Optional<LookupAttributeKey> lookupKey,
    Optional<String> lookupValue,
    Optional<URI> cloudTrailEndpoint,
    Map<String, URI> cloudTrailRegionEndpoints,
    Optional<URI> s3Endpoint,
    Optional<URI> stsEndpoint,
    String stsRegion,
    boolean fips,
    int maxAttempts,
    Duration retryBaseDelay,
    Duration retryMaxDelay,
    Duration requestInterval,
    CollectionListener listener,
    Clock clock,
    LongSupplier ticker,
    RequestPacer.Sleeper sleeper) {

  Settings {
    accounts = List.copyOf(accounts);
    regions = List.copyOf(regions);
    warnings = List.copyOf(warnings);
    cloudTrailRegionEndpoints = Map.copyOf(cloudTrailRegionEndpoints);
  }

  Optional<URI> cloudTrailEndpoint(String region) {
    return Optional.ofNullable(cloudTrailRegionEndpoints.get(region)).or(() -> cloudTrailEndpoint);
  }
}
