package dev.crosstrail.aws.collect;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.services.cloudtrail.CloudTrailClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;

/**
 * Builds the SDK clients of one run over one shared HTTP client, and closes them all at the end.
 * Every client gets the SDK's standard AWS retry strategy (throttling, 5xx, dropped connections,
 * exponential backoff with full jitter) with bounded attempts.
 */
final class Clients implements AutoCloseable {

  private final Settings settings;
  private final SdkHttpClient http;
  private final List<AutoCloseable> closeables = new ArrayList<>();
  private final Map<CredentialSource, AwsCredentialsProvider> providers = new HashMap<>();
  final SdkHooks.Counter retries = new SdkHooks.Counter();

  Clients(Settings settings) {
    this.settings = settings;
    this.http = ApacheHttpClient.builder()
        .maxConnections(8)
        .connectionTimeout(Duration.ofSeconds(10))
        .socketTimeout(Duration.ofSeconds(60))
        .build();
    closeables.add(http);
  }

  RetryStrategy retryStrategy() {
    Duration throttlingBase = settings.retryBaseDelay().multipliedBy(10);
    if (throttlingBase.compareTo(settings.retryMaxDelay()) > 0) {
      throttlingBase = settings.retryMaxDelay();
    }
    return AwsRetryStrategy.standardRetryStrategy().toBuilder()
        .maxAttempts(settings.maxAttempts())
        .backoffStrategy(BackoffStrategy.exponentialDelay(settings.retryBaseDelay(), settings.retryMaxDelay()))
        .throttlingBackoffStrategy(BackoffStrategy.exponentialDelay(throttlingBase, settings.retryMaxDelay()))
        .build();
  }

  private ClientOverrideConfiguration overrides(String target, Optional<RequestPacer> pacer) {
    return ClientOverrideConfiguration.builder()
        .retryStrategy(retryStrategy())
        .addExecutionInterceptor(new SdkHooks(target, pacer, settings.listener(), retries))
        .build();
  }

  /** A CloudTrail client for one account and region, paced to the configured request rate. */
  CloudTrailClient cloudTrail(AwsAccount account, String region) {
    String target = "cloudtrail " + account.id() + "/" + region;
    RequestPacer pacer = new RequestPacer(settings.requestInterval(), settings.ticker(), settings.sleeper());
    var builder = CloudTrailClient.builder()
        .httpClient(http)
        .region(Region.of(region))
        .credentialsProvider(credentials(account.credentials()))
        .overrideConfiguration(overrides(target, Optional.of(pacer)));
    settings.cloudTrailEndpoint(region).ifPresentOrElse(builder::endpointOverride,
        () -> builder.fipsEnabled(settings.fips()));
    CloudTrailClient client = builder.build();
    closeables.add(client);
    return client;
  }

  /** An S3 client for a trail bucket, path-style when the endpoint is overridden. */
  S3Client s3(TrailBucket bucket) {
    var builder = S3Client.builder()
        .httpClient(http)
        .region(Region.of(bucket.region()))
        .credentialsProvider(credentials(bucket.credentials()))
        .overrideConfiguration(overrides("s3 " + bucket.name(), Optional.empty()));
    settings.s3Endpoint().ifPresentOrElse(uri -> builder.endpointOverride(uri).forcePathStyle(true),
        () -> builder.fipsEnabled(settings.fips()));
    S3Client client = builder.build();
    closeables.add(client);
    return client;
  }

  AwsCredentialsProvider credentials(CredentialSource source) {
    AwsCredentialsProvider known = providers.get(source);
    if (known != null) {
      return known;
    }
    AwsCredentialsProvider provider;
    if (source instanceof CredentialSource.Provided p) {
      provider = p.provider();
    } else if (source instanceof CredentialSource.Profile p) {
      provider = ProfileCredentialsProvider.builder().profileName(p.name()).build();
    } else if (source instanceof CredentialSource.AssumeRole role) {
      provider = assumeRole(role);
    } else {
      provider = DefaultCredentialsProvider.builder().build();
    }
    if (provider instanceof AutoCloseable closeable && !(source instanceof CredentialSource.Provided)) {
      closeables.add(closeable);
    }
    providers.put(source, provider);
    return provider;
  }

  private AwsCredentialsProvider assumeRole(CredentialSource.AssumeRole role) {
    var builder = StsClient.builder()
        .httpClient(http)
        .region(Region.of(settings.stsRegion()))
        .credentialsProvider(credentials(role.base()))
        .overrideConfiguration(overrides("sts " + settings.stsRegion(), Optional.empty()));
    settings.stsEndpoint().ifPresentOrElse(builder::endpointOverride, () -> builder.fipsEnabled(settings.fips()));
    StsClient sts = builder.build();
    closeables.add(sts);
    return StsAssumeRoleCredentialsProvider.builder()
        .stsClient(sts)
        .refreshRequest(r -> {
          r.roleArn(role.roleArn()).roleSessionName(role.sessionName());
          role.externalId().ifPresent(r::externalId);
        })
        .build();
  }

  @Override
  public void close() {
    for (int i = closeables.size() - 1; i >= 0; i--) {
      try {
        closeables.get(i).close();
      } catch (Exception e) {
        CloudTrailCollector.LOG.log(System.Logger.Level.DEBUG, "Closing an SDK client failed", e);
      }
    }
  }
}
