package dev.crosstrail.graph;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crosstrail.model.Hop;
import dev.crosstrail.model.Strength;
import java.util.HashSet;
import java.util.List;

/** Graph invariants every answer must satisfy; checked after each test case. */
final class Invariants {

  private Invariants() {}

  static Attribution check(Attribution a) {
    checkOne(a);
    for (Attribution c : a.candidates()) {
      assertThat(c.candidates()).as("a candidate has no candidates of its own").isEmpty();
      checkOne(c);
    }
    if (a.ambiguous()) {
      assertThat(a.originKind()).isEqualTo(OriginKind.UNKNOWN);
      assertThat(a.candidates()).hasSizeGreaterThanOrEqualTo(2);
      assertThat(a.strength()).isEqualTo(Strength.UNKNOWN);
    }
    return a;
  }

  private static void checkOne(Attribution a) {
    assertThat(a.chain().start()).isEqualTo(a.origin());
    assertThat(a.chain().end()).isEqualTo(a.actor());
    List<Hop> hops = a.hops();
    if (!hops.isEmpty()) {
      assertThat(Ids.same(hops.get(0).from().id(), a.origin().id()))
          .as("first hop starts at the origin: %s vs %s", hops.get(0).from().id(), a.origin().id()).isTrue();
      assertThat(Ids.same(hops.get(hops.size() - 1).to().id(), a.actor().id()))
          .as("last hop ends at the actor").isTrue();
    }
    for (int i = 0; i + 1 < hops.size(); i++) {
      assertThat(Ids.same(hops.get(i).to().id(), hops.get(i + 1).from().id()))
          .as("hop %d ends where hop %d starts: %s / %s", i, i + 1, hops.get(i).to(), hops.get(i + 1).from()).isTrue();
    }
    for (Hop h : hops) {
      if (h.strength() != Strength.EXACT) {
        assertThat(h.reason()).as("a %s hop says why", h.strength()).isPresent();
      }
      // the one exception: a key used before the record that issued it, which a gap names
      String usedBefore = h.evidence().isEmpty() ? null : "before record " + h.evidence().get(0).eventId() + " issued";
      boolean named = a.gaps().stream().anyMatch(g -> g.kind() == Gap.Kind.RECORDS_DISAGREE
          && usedBefore != null && g.missing().contains(usedBefore));
      if (!named) {
        assertThat(h.validFrom()).as("hop %s precedes the action", h.mechanism()).isBeforeOrEqualTo(a.action().time());
      }
    }
    assertThat(a.strength().compareTo(a.chain().strength())).as("never stronger than the weakest hop")
        .isGreaterThanOrEqualTo(0);
    assertThat(new HashSet<>(a.gaps())).hasSameSizeAs(a.gaps());
  }
}
