package dev.crosstrail.cli;

import dev.crosstrail.graph.Activity;
import dev.crosstrail.graph.Attribution;
import dev.crosstrail.graph.DeniedAttempt;
import dev.crosstrail.graph.Gap;
import dev.crosstrail.graph.IdentityPath;
import dev.crosstrail.graph.ReachedAction;
import dev.crosstrail.graph.RecordSummary;
import dev.crosstrail.model.Evidence;
import dev.crosstrail.model.Hop;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** Attributions and activities as text for a person at a terminal. */
final class TextReport {

  private TextReport() {
  }

  /** An attribution, with what its record is when the graph retained it. */
  static String attribution(Attribution a, Optional<RecordSummary> record) {
    StringBuilder s = new StringBuilder();
    s.append("record   ").append(a.action().cloud().wireName()).append(' ').append(a.action().eventId())
        .append(" at ").append(a.action().time()).append('\n');
    record.ifPresent(r -> s.append("call     ").append(r.service()).append(' ').append(r.operation())
        .append(r.failure().map(code -> ", FAILED: " + failure(code)).orElse("")).append('\n'));
    s.append("actor    ").append(a.actor().id()).append(" (").append(a.actor().kind()).append(")\n");
    s.append("origin   ").append(a.origin().id()).append(" (").append(a.originKind().name().toLowerCase(Locale.ROOT))
        .append(a.originDetail().map(d -> ", " + d).orElse("")).append(")\n");
    s.append("strength ").append(a.strength().wireName())
        .append(a.complete() ? ""
            : " (of the chain as far as the logs go: the gaps below say what it lacks)")
        .append('\n');
    chain(s, a.chain(), "  ");
    if (!a.gaps().isEmpty()) {
      s.append("gaps\n");
      for (Gap g : a.gaps()) {
        s.append("  - ").append(g.missing()).append("\n    to close it: ").append(g.remedy()).append('\n');
      }
    }
    if (!a.candidates().isEmpty()) {
      s.append(a.ambiguous() ? "candidates (the logs cannot decide)\n" : "other fitting chains\n");
      int n = 1;
      for (Attribution c : a.candidates()) {
        s.append("  ").append(n++).append(". ").append(c.origin().id()).append(" (")
            .append(c.originKind().name().toLowerCase(Locale.ROOT)).append(", ").append(c.strength().wireName())
            .append(")\n");
        chain(s, c.chain(), "     ");
      }
    }
    return s.toString().stripTrailing();
  }

  static String activity(Activity a) {
    StringBuilder s = new StringBuilder();
    s.append("principal ").append(a.principal().id()).append(" (").append(a.principal().kind()).append(")\n");
    s.append("identities derived from it: ").append(a.derived().size()).append('\n');
    for (IdentityPath p : a.derived()) {
      s.append("  ").append(p.end().id()).append(" (").append(p.end().kind()).append(", ")
          .append(p.strength().wireName()).append(", ").append(p.length()).append(p.length() == 1 ? " hop" : " hops")
          .append(")\n");
    }
    s.append("actions: ").append(a.actions().size()).append('\n');
    for (ReachedAction r : a.actions()) {
      s.append("  ").append(r.action().time()).append(' ').append(r.action().cloud().wireName()).append(' ')
          .append(r.service()).append(' ').append(r.operation()).append(" by ").append(r.actor().id())
          .append(behind(r))
          .append(" [").append(r.action().eventId()).append(']')
          .append(r.failure().map(code -> " FAILED: " + failure(code)).orElse(""))
          .append(r.candidateOnly() ? " (one of several candidates)" : "").append('\n');
    }
    if (!a.deniedOn().isEmpty()) {
      s.append("denied attempts to obtain it: ").append(a.deniedOn().size()).append('\n');
      for (DeniedAttempt d : a.deniedOn()) {
        s.append("  ").append(d.evidence().time()).append(' ').append(d.evidence().cloud().wireName()).append(' ')
            .append(d.operation()).append(" by ").append(d.caller().id()).append(" [")
            .append(d.evidence().eventId()).append("] ").append(failure(d.errorCode().orElse("failed"))).append('\n');
      }
    }
    return s.toString().stripTrailing();
  }

  /** Who is behind an action reached, when another than its actor: the origin, how strongly, whether the chain is whole. */
  private static String behind(ReachedAction r) {
    Attribution a = r.attribution();
    if (a.origin().id().equals(r.actor().id()) && a.complete()) {
      return "";
    }
    return " (behind it: " + a.origin().id() + ", " + a.strength().wireName()
        + (a.complete() ? "" : ", incomplete: see trace") + ")";
  }

  /** The canonical gRPC status names, by code: Cloud Audit Logs give a failure's status as its number. */
  private static final List<String> GRPC_CODES = List.of("OK", "CANCELLED", "UNKNOWN", "INVALID_ARGUMENT",
      "DEADLINE_EXCEEDED", "NOT_FOUND", "ALREADY_EXISTS", "PERMISSION_DENIED", "RESOURCE_EXHAUSTED",
      "FAILED_PRECONDITION", "ABORTED", "OUT_OF_RANGE", "UNIMPLEMENTED", "INTERNAL", "UNAVAILABLE", "DATA_LOSS",
      "UNAUTHENTICATED");

  /** A failure as a reader knows it: {@code 7 PERMISSION_DENIED} rather than {@code 7}. */
  static String failure(String code) {
    if (code.chars().allMatch(Character::isDigit) && !code.isEmpty() && code.length() < 3) {
      int n = Integer.parseInt(code);
      return n < GRPC_CODES.size() ? code + " " + GRPC_CODES.get(n) : code;
    }
    return code;
  }

  private static void chain(StringBuilder s, IdentityPath path, String indent) {
    if (path.hops().isEmpty()) {
      s.append(indent).append("(no hops: the actor is the origin)\n");
      return;
    }
    s.append(indent).append(path.start().id()).append('\n');
    for (Hop h : path.hops()) {
      s.append(indent).append("  -> ").append(h.to().id()).append('\n');
      s.append(indent).append("     ").append(h.mechanism()).append(", ").append(h.strength().wireName())
          .append(", at ").append(h.validFrom())
          .append(h.validUntil().map(u -> " valid until " + u).orElse(""))
          .append(h.issued().flatMap(c -> c.id()).map(k -> ", issued " + k).orElse("")).append('\n');
      if (!h.evidence().isEmpty()) {
        s.append(indent).append("     evidence: ")
            .append(h.evidence().stream().map(TextReport::evidence).collect(Collectors.joining(", "))).append('\n');
      }
      h.reason().ifPresent(r -> s.append(indent).append("     why: ").append(r).append('\n'));
    }
  }

  private static String evidence(Evidence e) {
    return e.cloud().wireName() + " " + e.eventId() + " (" + e.time() + ")";
  }
}
