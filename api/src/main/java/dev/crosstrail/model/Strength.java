package dev.crosstrail.model;

/**
 * How strongly the logs support a hop, strongest first (docs/DOMAIN.md §4). Comparisons use the enum
 * order: a chain is as strong as its weakest hop.
 */
public enum Strength {
  /** A shared key joins the two records: an access key id, a session ARN with its issue time. */
  EXACT,
  /** The cloud wrote the link into the record: {@code SwitchFrom}, {@code sourceIdentity}, a delegation chain. */
  ASSERTED,
  /** A time window or name match suggests the link; the hop's reason says which. */
  INFERRED,
  /** No evidence: a gap. */
  UNKNOWN;

  /** The weaker of two strengths. */
  public Strength weakest(Strength other) {
    return compareTo(other) >= 0 ? this : other;
  }

  /** The lower-case name used in crosstrail's JSON output. */
  public String wireName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
