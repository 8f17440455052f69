package dev.crosstrail.gcp.collect;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Builds Cloud Logging query-language filters. String values are always written as double-quoted
 * literals with {@code \} and {@code "} escaped, so a method or principal can never close the literal
 * and inject filter syntax.
 */
final class LogFilter {

  private LogFilter() {}

  /**
   * The filter without the time window: log kinds, methods, principals and a caller's raw filter,
   * joined with {@code AND}; the same for every run of one source, so its hash names the checkpoint.
   */
  static String selection(Set<AuditLogKind> kinds, List<String> methods, List<String> principals,
      Optional<String> extra) {
    List<String> clauses = new ArrayList<>();
    if (!kinds.isEmpty()) {
      clauses.add(anyOf(kinds.stream().sorted().toList(), k -> "logName:" + quote(k.encodedLogId())));
    }
    if (!methods.isEmpty()) {
      clauses.add(anyOf(methods, m -> "protoPayload.methodName=" + quote(m)));
    }
    if (!principals.isEmpty()) {
      clauses.add(anyOf(principals, p -> "protoPayload.authenticationInfo.principalEmail=" + quote(p)
          + " OR protoPayload.authenticationInfo.principalSubject=" + quote(p)));
    }
    extra.filter(s -> !s.isBlank()).ifPresent(s -> clauses.add("(" + s.trim() + ")"));
    return String.join(" AND ", clauses);
  }

  /** The full filter: {@code timestamp>="from" AND timestamp<"to"} and the selection. */
  static String withWindow(String selection, Instant from, Instant to) {
    String window = "timestamp>=" + quote(DateTimeFormatter.ISO_INSTANT.format(from))
        + " AND timestamp<" + quote(DateTimeFormatter.ISO_INSTANT.format(to));
    return selection.isEmpty() ? window : window + " AND " + selection;
  }

  private static <T> String anyOf(List<T> values, Function<T, String> clause) {
    List<String> parts = values.stream().map(clause).toList();
    return "(" + String.join(" OR ", parts) + ")";
  }

  /**
   * A double-quoted string literal of the Logging query language: backslash and double quote are
   * escaped with a backslash, newline, carriage return and tab become {@code \n}, {@code \r},
   * {@code \t}; other control characters are refused.
   */
  static String quote(String value) {
    StringBuilder s = new StringBuilder(value.length() + 2).append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '\\' -> s.append("\\\\");
        case '"' -> s.append("\\\"");
        case '\n' -> s.append("\\n");
        case '\r' -> s.append("\\r");
        case '\t' -> s.append("\\t");
        default -> {
          if (c < 0x20 || c == 0x7f) {
            throw new IllegalArgumentException("control character U+" + String.format("%04X", (int) c)
                + " in filter value " + quote(value.replaceAll("\\p{Cntrl}", "?")) + "; remove it");
          }
          s.append(c);
        }
      }
    }
    return s.append('"').toString();
  }
}
