package dev.crosstrail.model;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One step "{@code from} obtained the identity {@code to}", for example the IAM user
 * {@code arn:aws:iam::111111111111:user/alice} assuming the role session
 * {@code arn:aws:sts::222222222222:assumed-role/Deploy/ci-run} and receiving the access key
 * {@code ASIAXAMPLE…} valid for one hour.
 *
 * <p>A normalizer emits the hops a single record asserts; the principal graph joins them with the
 * records of the identities they produced.
 *
 * @param mechanism how the identity was obtained
 * @param from who obtained it
 * @param to the identity obtained: for sessions, the session ARN of this issuance
 * @param issued the credential issued by the hop (the temporary access key), when the record shows it
 * @param validFrom when the obtained identity became usable (the issue time)
 * @param validUntil when it stops being usable (credential expiration), when known
 * @param audience the audience an ID token was minted for or presented with, when logged
 * @param sourceIdentity the {@code sourceIdentity} set or propagated by this hop, when any
 * @param evidence the records that support the hop (usually one; two for cross-account copies)
 * @param strength how strongly the evidence supports the hop
 * @param reason for anything weaker than exact: why the hop is believed, in words
 */
public record Hop(
    HopMechanism mechanism,
    Principal from,
    Principal to,
    Optional<Credential> issued,
    Instant validFrom,
    Optional<Instant> validUntil,
    Optional<String> audience,
    Optional<String> sourceIdentity,
    List<Evidence> evidence,
    Strength strength,
    Optional<String> reason) {

  public Hop {
    requireNonNull(mechanism, "mechanism");
    requireNonNull(from, "from");
    requireNonNull(to, "to");
    requireNonNull(issued, "issued");
    requireNonNull(validFrom, "validFrom");
    requireNonNull(validUntil, "validUntil");
    requireNonNull(audience, "audience");
    requireNonNull(sourceIdentity, "sourceIdentity");
    evidence = List.copyOf(evidence);
    requireNonNull(strength, "strength");
    requireNonNull(reason, "reason");
  }

  /** Starts a hop asserted by one record; the builder's defaults are "no credential, no expiry". */
  public static Builder builder(HopMechanism mechanism, Principal from, Principal to, Evidence evidence) {
    return new Builder(mechanism, from, to, evidence);
  }

  /** Whether the obtained identity was usable at {@code time}. An unknown expiry means "still usable". */
  public boolean validAt(Instant time) {
    return !time.isBefore(validFrom) && validUntil.map(time::isBefore).orElse(true);
  }

  /** Builds a {@link Hop}; all settings but the four required ones are optional. */
  public static final class Builder {
    private final HopMechanism mechanism;
    private final Principal from;
    private final Principal to;
    private final Evidence evidence;
    private Credential issued;
    private Instant validFrom;
    private Instant validUntil;
    private String audience;
    private String sourceIdentity;
    private Strength strength = Strength.EXACT;
    private String reason;

    private Builder(HopMechanism mechanism, Principal from, Principal to, Evidence evidence) {
      this.mechanism = requireNonNull(mechanism, "mechanism");
      this.from = requireNonNull(from, "from");
      this.to = requireNonNull(to, "to");
      this.evidence = requireNonNull(evidence, "evidence");
    }

    /** The credential the hop issued. */
    public Builder issued(Credential issued) {
      this.issued = issued;
      return this;
    }

    /** When the identity became usable; defaults to the evidence record's time. */
    public Builder validFrom(Instant validFrom) {
      this.validFrom = validFrom;
      return this;
    }

    /** When the identity stops being usable. */
    public Builder validUntil(Instant validUntil) {
      this.validUntil = validUntil;
      return this;
    }

    /** The audience of an ID token. */
    public Builder audience(String audience) {
      this.audience = audience;
      return this;
    }

    /** The sourceIdentity set or carried by the hop. */
    public Builder sourceIdentity(String sourceIdentity) {
      this.sourceIdentity = sourceIdentity;
      return this;
    }

    /**
     * How strong the hop is; defaults to {@link Strength#EXACT}. Anything weaker needs a reason, which
     * every answer shows: why the link is only asserted or inferred.
     *
     * @throws IllegalArgumentException when a strength weaker than exact has no reason
     */
    public Builder strength(Strength strength, String reason) {
      this.strength = requireNonNull(strength, "strength");
      if (strength != Strength.EXACT && (reason == null || reason.isBlank())) {
        throw new IllegalArgumentException("a " + strength.wireName() + " hop needs a reason: say why the link is "
            + strength.wireName() + " (for example, which field of the record asserts it)");
      }
      this.reason = reason;
      return this;
    }

    /** The hop. */
    public Hop build() {
      Instant from = validFrom != null ? validFrom : evidence.time();
      if (validUntil != null && validUntil.isBefore(from)) {
        throw new IllegalStateException("hop " + mechanism + " " + this.from.id() + " -> " + to.id()
            + ": validUntil " + validUntil + " is before validFrom " + from);
      }
      return new Hop(mechanism, this.from, to, Optional.ofNullable(issued), from, Optional.ofNullable(validUntil),
          Optional.ofNullable(audience), Optional.ofNullable(sourceIdentity), List.of(evidence), strength,
          Optional.ofNullable(reason));
    }
  }
}
