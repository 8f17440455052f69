package dev.crosstrail.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A failure as a reader knows it. */
class FailureLabelTest {

  @Test
  void gcpStatusCodesAreNamedAndOtherCodesKept() {
    assertThat(TextReport.failure("7")).isEqualTo("7 PERMISSION_DENIED");
    assertThat(TextReport.failure("16")).isEqualTo("16 UNAUTHENTICATED");
    assertThat(TextReport.failure("99")).isEqualTo("99");
    assertThat(TextReport.failure("AccessDenied")).isEqualTo("AccessDenied");
    assertThat(TextReport.failure("Failed authentication")).isEqualTo("Failed authentication");
  }
}
