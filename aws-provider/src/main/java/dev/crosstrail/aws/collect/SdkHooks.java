package dev.crosstrail.aws.collect;

import java.util.Optional;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * Hooks into every HTTP attempt of one SDK client: paces it (when a pacer is given) and reports
 * retries to the listener. Retrying itself is the SDK's retry strategy; this only observes it.
 */
final class SdkHooks implements ExecutionInterceptor {

  private static final ExecutionAttribute<Integer> ATTEMPT = new ExecutionAttribute<>("crosstrail.attempt");
  private static final ExecutionAttribute<String> LAST_OUTCOME = new ExecutionAttribute<>("crosstrail.outcome");

  private final String target;
  private final Optional<RequestPacer> pacer;
  private final CollectionListener listener;
  private final Counter retries;

  /** Counts retries across a run. */
  static final class Counter {
    private long value;

    synchronized void increment() {
      value++;
    }

    synchronized long value() {
      return value;
    }
  }

  SdkHooks(String target, Optional<RequestPacer> pacer, CollectionListener listener, Counter retries) {
    this.target = target;
    this.pacer = pacer;
    this.listener = listener;
    this.retries = retries;
  }

  @Override
  public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
    int attempt = Optional.ofNullable(attributes.getAttribute(ATTEMPT)).orElse(0) + 1;
    attributes.putAttribute(ATTEMPT, attempt);
    if (attempt > 1) {
      retries.increment();
      String reason = Optional.ofNullable(attributes.getAttribute(LAST_OUTCOME)).orElse("connection error");
      CloudTrailCollector.LOG.log(System.Logger.Level.INFO, "{0}: attempt {1} after {2}", target, attempt, reason);
      listener.retrying(target, attempt, reason);
    }
    attributes.putAttribute(LAST_OUTCOME, "connection error");
    pacer.ifPresent(RequestPacer::acquire);
  }

  @Override
  public void afterTransmission(Context.AfterTransmission context, ExecutionAttributes attributes) {
    attributes.putAttribute(LAST_OUTCOME, "HTTP " + context.httpResponse().statusCode());
  }
}
