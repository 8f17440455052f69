package dev.crosstrail.gcp.collect;

import java.util.Optional;

/**
 * The four Cloud Audit Logs, named as in their log ids: {@code cloudaudit.googleapis.com/activity}
 * appears in {@code logName} as {@code projects/my-project/logs/cloudaudit.googleapis.com%2Factivity}.
 */
public enum AuditLogKind {
  /** Admin Activity: calls that change configuration or metadata (always on). */
  ACTIVITY("activity"),
  /** Data Access: reads and user-data calls, including {@code ExchangeToken} and {@code GenerateAccessToken}. */
  DATA_ACCESS("data_access"),
  /** System Event: actions taken by Google systems. */
  SYSTEM_EVENT("system_event"),
  /** Policy Denied: calls refused by a security policy. */
  POLICY("policy");

  private final String id;

  AuditLogKind(String id) {
    this.id = id;
  }

  /** The last part of the log id, for example {@code data_access}; also the sink directory name. */
  public String id() {
    return id;
  }

  /** The log id, for example {@code cloudaudit.googleapis.com/data_access}. */
  public String logId() {
    return "cloudaudit.googleapis.com/" + id;
  }

  /** The log id URL-encoded as it appears in {@code logName}: {@code cloudaudit.googleapis.com%2Fdata_access}. */
  public String encodedLogId() {
    return "cloudaudit.googleapis.com%2F" + id;
  }

  /**
   * The kind with this id ({@code activity}, {@code data_access}, {@code system_event}, {@code policy}),
   * case-insensitive; also accepts the constant names ({@code DATA_ACCESS}) and {@code data-access}.
   */
  public static Optional<AuditLogKind> fromId(String id) {
    String wanted = id.trim().toLowerCase(java.util.Locale.ROOT).replace('-', '_');
    for (AuditLogKind kind : values()) {
      if (kind.id.equals(wanted)) {
        return Optional.of(kind);
      }
    }
    return Optional.empty();
  }
}
