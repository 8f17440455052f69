package dev.crosstrail.model;

/** The cloud whose audit log a record or principal comes from. */
public enum Cloud {
  /** Amazon Web Services: CloudTrail. */
  AWS,
  /** Google Cloud: Cloud Audit Logs. */
  GCP;

  /** The lower-case name used in crosstrail's JSON output: {@code aws} or {@code gcp}. */
  public String wireName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
