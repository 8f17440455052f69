package dev.crosstrail.aws.collect;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;

/** A collection failure says what to do, not what the SDK tried. */
class CollectionMessagesTest {

  @Test
  void missingCredentialsSayWhatToSet() {
    // the start of the SDK's message, as AwsCredentialsProviderChain writes it
    SdkClientException e = SdkClientException.create("Unable to load credentials from any of the providers in the "
        + "chain AwsCredentialsProviderChain(credentialsProviders=[SystemPropertyCredentialsProvider(), …]) : […]");

    assertThat(CollectionException.explain(e)).startsWith("no AWS credentials were found")
        .contains("AWS_PROFILE").contains("--account ID:profile=NAME").doesNotContain("credentialsProviders");
  }

  @Test
  void otherFailuresKeepTheSdksMessage() {
    assertThat(CollectionException.explain(SdkClientException.create("Connection refused"))).isEqualTo(
        "Connection refused");
  }

  @Test
  void aFailureOnTheFirstPageSaysNothingWasWritten() {
    assertThat(CollectionException.kept(0, "Pages"))
        .isEqualTo("Nothing was written: run again once the cause is mended.");
    assertThat(CollectionException.kept(3, "Pages")).startsWith("Pages before it are written and checkpointed");
  }
}
