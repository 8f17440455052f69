package dev.crosstrail.gcp.collect;

import com.google.api.gax.core.CredentialsProvider;
import com.google.api.gax.core.FixedCredentialsProvider;
import com.google.api.gax.core.NoCredentialsProvider;
import com.google.api.gax.grpc.GrpcTransportChannel;
import com.google.api.gax.retrying.RetrySettings;
import com.google.api.gax.rpc.ApiException;
import com.google.api.gax.rpc.FixedTransportChannelProvider;
import com.google.api.gax.rpc.StatusCode;
import com.google.api.gax.tracing.ApiTracer;
import com.google.api.gax.tracing.ApiTracerFactory;
import com.google.api.gax.tracing.BaseApiTracer;
import com.google.api.gax.tracing.SpanName;
import com.google.auth.Credentials;
import com.google.cloud.logging.v2.LoggingClient;
import com.google.cloud.logging.v2.LoggingSettings;
import io.grpc.ChannelCredentials;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.TlsChannelCredentials;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Opens the GAPIC {@link LoggingClient} of google-cloud-logging (its own gRPC stub, so the separate
 * grpc-google-cloud-logging-v2 artifact is not needed) with the collector's retry policy,
 * credentials and endpoint.
 */
final class LoggingClients {

  /**
   * What {@code ListLogEntries} retries: quota, dropped connections, server-side hiccups, and a stream
   * the server reset ({@code CANCELLED}: the collector never cancels its own calls, and the read is idempotent).
   */
  static final Set<StatusCode.Code> RETRYABLE = Set.of(StatusCode.Code.RESOURCE_EXHAUSTED,
      StatusCode.Code.UNAVAILABLE, StatusCode.Code.DEADLINE_EXCEEDED, StatusCode.Code.INTERNAL,
      StatusCode.Code.ABORTED, StatusCode.Code.CANCELLED);

  private LoggingClients() {}

  /** A client and the channel it owns (when the collector built one itself). */
  record Opened(LoggingClient client, Optional<ManagedChannel> channel) implements AutoCloseable {
    @Override
    public void close() {
      client.close();
      channel.ifPresent(ManagedChannel::shutdownNow);
    }
  }

  static Opened open(CollectorSettings settings, Optional<Credentials> credentials, CollectionListener listener,
      Supplier<String> currentSource) throws IOException {
    LoggingSettings.Builder builder = LoggingSettings.newBuilder();
    CredentialsProvider provider = credentials.<CredentialsProvider>map(FixedCredentialsProvider::create)
        .orElseGet(NoCredentialsProvider::create);
    builder.setCredentialsProvider(provider);
    Optional<ManagedChannel> channel = Optional.empty();
    if (settings.endpoint().isPresent()) {
      String endpoint = settings.endpoint().get();
      if (settings.plaintext() || settings.trustedCertificates().isPresent()
          || settings.authorityOverride().isPresent()) {
        ManagedChannel ch = channel(settings, endpoint);
        channel = Optional.of(ch);
        builder.setTransportChannelProvider(FixedTransportChannelProvider.create(GrpcTransportChannel.create(ch)));
      } else {
        builder.setEndpoint(endpoint);
      }
    }
    RetryPolicy retry = settings.retry();
    builder.listLogEntriesSettings()
        .setRetryableCodes(RETRYABLE)
        .setRetrySettings(RetrySettings.newBuilder()
            .setInitialRetryDelayDuration(retry.initialBackoff())
            .setMaxRetryDelayDuration(retry.maxBackoff())
            .setRetryDelayMultiplier(retry.multiplier())
            .setMaxAttempts(retry.maxAttempts())
            .setInitialRpcTimeoutDuration(retry.attemptTimeout())
            .setMaxRpcTimeoutDuration(retry.attemptTimeout())
            .setRpcTimeoutMultiplier(1.0)
            .setTotalTimeoutDuration(retry.totalTimeout())
            .build());
    builder.getStubSettingsBuilder().setTracerFactory(new RetryReporter(listener, currentSource));
    try {
      return new Opened(LoggingClient.create(builder.build()), channel);
    } catch (IOException | RuntimeException e) {
      channel.ifPresent(ManagedChannel::shutdownNow);
      throw e;
    }
  }

  private static ManagedChannel channel(CollectorSettings settings, String endpoint) throws IOException {
    int colon = endpoint.lastIndexOf(':');
    String host = endpoint.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    int port = Integer.parseInt(endpoint.substring(colon + 1));
    ChannelCredentials channelCredentials;
    if (settings.plaintext()) {
      channelCredentials = InsecureChannelCredentials.create();
    } else if (settings.trustedCertificates().isPresent()) {
      channelCredentials = TlsChannelCredentials.newBuilder()
          .trustManager(settings.trustedCertificates().get().toFile()).build();
    } else {
      channelCredentials = TlsChannelCredentials.create();
    }
    ManagedChannelBuilder<?> builder = Grpc.newChannelBuilderForAddress(host, port, channelCredentials)
        .maxInboundMessageSize(Integer.MAX_VALUE);
    settings.authorityOverride().ifPresent(builder::overrideAuthority);
    return builder.build();
  }

  /** Tells the listener about each retry that gax's retry loop schedules. */
  private static final class RetryReporter implements ApiTracerFactory {
    private final CollectionListener listener;
    private final Supplier<String> currentSource;

    RetryReporter(CollectionListener listener, Supplier<String> currentSource) {
      this.listener = listener;
      this.currentSource = currentSource;
    }

    @Override
    public ApiTracer newTracer(ApiTracer parent, SpanName spanName, OperationType operationType) {
      AtomicInteger attempts = new AtomicInteger();
      return new BaseApiTracer() {
        @Override
        public void attemptFailedDuration(Throwable error, Duration delay) {
          listener.retrying(currentSource.get(), attempts.incrementAndGet(), delay, describe(error));
        }

        // gax versions that still report the delay as a threeten Duration call this one
        @Override
        @SuppressWarnings("deprecation")
        public void attemptFailed(Throwable error, org.threeten.bp.Duration delay) {
          attemptFailedDuration(error, Duration.ofNanos(delay.toNanos()));
        }
      };
    }
  }

  /** {@code UNAVAILABLE: connection reset}: the status and the server's message, never request contents. */
  static String describe(Throwable error) {
    if (error instanceof ApiException api) {
      return api.getStatusCode().getCode() + ": " + api.getMessage();
    }
    return error.toString();
  }
}
