package dev.crosstrail.graph;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crosstrail.model.Cloud;
import dev.crosstrail.model.Evidence;
import dev.crosstrail.model.Principal;
import dev.crosstrail.model.PrincipalKind;
import dev.crosstrail.model.Strength;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@link Attribution#complete()}: no gap in the answer, nor in a candidate that agrees with it. */
class CompletenessTest {

  static final Principal ALICE = Principal.of("arn:aws:iam::111111111111:user/alice", PrincipalKind.IAM_USER,
      Cloud.AWS);
  static final Evidence CALL = new Evidence(Cloud.AWS, "c", Instant.parse("2024-05-01T10:00:00Z"));
  static final Gap GAP = new Gap(Gap.Kind.ISSUING_RECORD_MISSING, "no issuing record", "collect it");

  static Attribution answer(List<Gap> gaps, List<Attribution> candidates) {
    return new Attribution(CALL, ALICE, ALICE, OriginKind.HUMAN, Optional.empty(), IdentityPath.empty(ALICE),
        Strength.EXACT, gaps, candidates);
  }

  @Test
  void aGapInAnAgreeingCandidateMakesTheAnswerIncomplete() {
    assertThat(answer(List.of(), List.of()).complete()).isTrue();
    assertThat(answer(List.of(GAP), List.of()).complete()).isFalse();
    assertThat(answer(List.of(),
        List.of(answer(List.of(), List.of()), answer(List.of(GAP), List.of()))).complete()).isFalse();
  }
}
