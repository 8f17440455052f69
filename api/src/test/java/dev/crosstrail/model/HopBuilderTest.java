package dev.crosstrail.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** A hop weaker than exact says why: every answer shows the reason. */
class HopBuilderTest {

  static final Principal USER = Principal.of("arn:aws:iam::111111111111:user/alice", PrincipalKind.IAM_USER, Cloud.AWS);
  static final Principal SESSION = Principal.of("arn:aws:sts::111111111111:assumed-role/R/s", PrincipalKind.ROLE_SESSION,
      Cloud.AWS);
  static final Evidence RECORD = new Evidence(Cloud.AWS, "ar", Instant.parse("2024-05-01T10:00:00Z"));

  @Test
  void aWeakerHopWithoutAReasonIsRefused() {
    for (Strength weaker : new Strength[] {Strength.ASSERTED, Strength.INFERRED, Strength.UNKNOWN}) {
      for (String missing : new String[] {null, " "}) {
        assertThatThrownBy(() -> Hop.builder(HopMechanism.ASSUME_ROLE, USER, SESSION, RECORD).strength(weaker, missing))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs a reason");
      }
    }
    assertThat(Hop.builder(HopMechanism.ASSUME_ROLE, USER, SESSION, RECORD).strength(Strength.EXACT, null).build()
        .reason()).isEmpty();
    assertThat(Hop.builder(HopMechanism.ASSUME_ROLE, USER, SESSION, RECORD)
        .strength(Strength.INFERRED, "the session name equals the user name").build().reason()).isPresent();
  }
}
