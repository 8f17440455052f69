package dev.crosstrail.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.crosstrail.graph.Activity;
import dev.crosstrail.graph.Attribution;
import dev.crosstrail.graph.DeniedAttempt;
import dev.crosstrail.graph.Gap;
import dev.crosstrail.graph.IdentityPath;
import dev.crosstrail.graph.ReachedAction;
import dev.crosstrail.graph.RecordSummary;
import dev.crosstrail.model.AuditEvent;
import dev.crosstrail.model.Evidence;
import dev.crosstrail.model.Hop;
import java.io.IOException;
import java.util.Locale;
import java.util.Optional;

/** Attributions and activities as JSON, written with Jackson's generator. */
final class AttributionJson {

  private AttributionJson() {
  }

  /** One line of {@code crosstrail attribute}: the event's key facts and its attribution. */
  static void write(JsonGenerator g, AuditEvent e, Attribution a) throws IOException {
    g.writeStartObject();
    EventJson.keyFields(g, e);
    g.writeStringField("outcome", e.outcome().wireName());
    if (e.sharedEventId().isPresent()) {
      g.writeStringField("sharedEventId", e.sharedEventId().get());
    }
    attributionFields(g, a);
    g.writeStringField("source", e.location().toString());
    g.writeEndObject();
  }

  /** An attribution on its own (for {@code trace --json}). */
  static String attribution(Attribution a, Optional<RecordSummary> record) {
    return JsonLines.write(g -> {
      g.writeStartObject();
      if (record.isPresent()) {
        recordFields(g, record.get());
      } else {
        g.writeStringField("cloud", a.action().cloud().wireName());
        g.writeStringField("id", a.action().eventId());
        g.writeStringField("time", a.action().time().toString());
      }
      attributionFields(g, a);
      g.writeEndObject();
    });
  }

  /** What a record is: cloud, id, time, the call, and its outcome. */
  private static void recordFields(JsonGenerator g, RecordSummary r) throws IOException {
    g.writeStringField("cloud", r.record().cloud().wireName());
    g.writeStringField("id", r.record().eventId());
    g.writeStringField("time", r.record().time().toString());
    g.writeStringField("service", r.service());
    g.writeStringField("operation", r.operation());
    g.writeStringField("outcome", r.failure().isPresent() ? "failure" : "success");
    if (r.failure().isPresent()) {
      g.writeStringField("errorCode", r.failure().get());
    }
  }

  /** An activity (for {@code activity --json}). */
  static String activity(Activity activity) {
    return JsonLines.write(g -> {
      g.writeStartObject();
      g.writeStringField("principal", activity.principal().id());
      g.writeStringField("kind", activity.principal().kind().name());
      g.writeArrayFieldStart("derived");
      for (IdentityPath p : activity.derived()) {
        g.writeStartObject();
        g.writeStringField("principal", p.end().id());
        g.writeStringField("kind", p.end().kind().name());
        g.writeStringField("strength", p.strength().wireName());
        chain(g, p);
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeArrayFieldStart("actions");
      for (ReachedAction r : activity.actions()) {
        g.writeStartObject();
        recordFields(g, r.record());
        g.writeStringField("actor", r.actor().id());
        g.writeStringField("origin", r.attribution().origin().id());
        g.writeStringField("strength", r.attribution().strength().wireName());
        g.writeBooleanField("complete", r.attribution().complete());
        if (r.candidateOnly()) {
          g.writeBooleanField("candidateOnly", true);
        }
        chain(g, r.path());
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeArrayFieldStart("deniedOn");
      for (DeniedAttempt d : activity.deniedOn()) {
        g.writeStartObject();
        g.writeStringField("cloud", d.evidence().cloud().wireName());
        g.writeStringField("id", d.evidence().eventId());
        g.writeStringField("time", d.evidence().time().toString());
        g.writeStringField("operation", d.operation());
        g.writeStringField("caller", d.caller().id());
        if (d.errorCode().isPresent()) {
          g.writeStringField("errorCode", d.errorCode().get());
        }
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeEndObject();
    });
  }

  private static void attributionFields(JsonGenerator g, Attribution a) throws IOException {
    g.writeObjectFieldStart("actor");
    g.writeStringField("id", a.actor().id());
    g.writeStringField("kind", a.actor().kind().name());
    g.writeEndObject();
    g.writeObjectFieldStart("origin");
    g.writeStringField("id", a.origin().id());
    g.writeStringField("kind", a.originKind().name().toLowerCase(Locale.ROOT));
    if (a.originDetail().isPresent()) {
      g.writeStringField("detail", a.originDetail().get());
    }
    g.writeEndObject();
    g.writeStringField("strength", a.strength().wireName());
    g.writeBooleanField("complete", a.complete());
    chain(g, a.chain());
    g.writeArrayFieldStart("gaps");
    for (Gap gap : a.gaps()) {
      g.writeStartObject();
      g.writeStringField("kind", gap.kind().name());
      g.writeStringField("missing", gap.missing());
      g.writeStringField("remedy", gap.remedy());
      g.writeEndObject();
    }
    g.writeEndArray();
    if (!a.candidates().isEmpty()) {
      g.writeBooleanField("ambiguous", a.ambiguous());
      g.writeArrayFieldStart("candidates");
      for (Attribution c : a.candidates()) {
        g.writeStartObject();
        g.writeStringField("origin", c.origin().id());
        g.writeStringField("kind", c.originKind().name().toLowerCase(Locale.ROOT));
        g.writeStringField("strength", c.strength().wireName());
        chain(g, c.chain());
        g.writeEndObject();
      }
      g.writeEndArray();
    }
  }

  /** The hops, origin first: each names the principal it reaches, how, and on what evidence. */
  private static void chain(JsonGenerator g, IdentityPath path) throws IOException {
    g.writeArrayFieldStart("chain");
    for (Hop h : path.hops()) {
      g.writeStartObject();
      g.writeStringField("principal", h.to().id());
      g.writeStringField("from", h.from().id());
      g.writeStringField("mechanism", h.mechanism().name());
      g.writeStringField("strength", h.strength().wireName());
      g.writeStringField("time", h.validFrom().toString());
      if (h.validUntil().isPresent()) {
        g.writeStringField("validUntil", h.validUntil().get().toString());
      }
      if (h.issued().isPresent() && h.issued().get().id().isPresent()) {
        g.writeStringField("credential", h.issued().get().id().get());
      }
      g.writeArrayFieldStart("evidence");
      for (Evidence ev : h.evidence()) {
        g.writeString(ev.eventId());
      }
      g.writeEndArray();
      if (h.reason().isPresent()) {
        g.writeStringField("reason", h.reason().get());
      }
      g.writeEndObject();
    }
    g.writeEndArray();
  }
}
