package dev.crosstrail.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.crosstrail.model.AuditEvent;
import dev.crosstrail.model.Hop;
import dev.crosstrail.model.Principal;
import java.io.IOException;

/** Writes normalized events as one JSON object per line, with Jackson's generator. */
final class EventJson {

  private EventJson() {
  }

  /** The event as one JSON object (one line of {@code crosstrail normalize}). */
  static void write(JsonGenerator g, AuditEvent e) throws IOException {
    g.writeStartObject();
    keyFields(g, e);
    g.writeFieldName("actor");
    principal(g, e.actor());
    if (e.credential().isPresent()) {
      g.writeObjectFieldStart("credential");
      g.writeStringField("kind", e.credential().get().kind().name());
      if (e.credential().get().id().isPresent()) {
        g.writeStringField("id", e.credential().get().id().get());
      }
      g.writeEndObject();
    }
    g.writeStringField("outcome", e.outcome().wireName());
    if (e.outcome().errorCode().isPresent()) {
      g.writeStringField("errorCode", e.outcome().errorCode().get());
    }
    if (e.outcome().errorMessage().isPresent()) {
      g.writeStringField("errorMessage", e.outcome().errorMessage().get());
    }
    optional(g, "account", e.account().orElse(null));
    optional(g, "region", e.region().orElse(null));
    optional(g, "sourceIp", e.sourceIp().orElse(null));
    optional(g, "userAgent", e.userAgent().orElse(null));
    optional(g, "category", e.category().orElse(null));
    optional(g, "sharedEventId", e.sharedEventId().orElse(null));
    if (e.session().isPresent()) {
      var s = e.session().get();
      g.writeObjectFieldStart("session");
      if (s.issuer().isPresent()) {
        g.writeStringField("issuer", s.issuer().get().id());
      }
      optional(g, "issuedAt", s.issuedAt().map(Object::toString).orElse(null));
      optional(g, "sourceIdentity", s.sourceIdentity().orElse(null));
      if (s.fromConsole()) {
        g.writeBooleanField("fromConsole", true);
      }
      if (s.mfaAuthenticated()) {
        g.writeBooleanField("mfaAuthenticated", true);
      }
      g.writeEndObject();
    }
    if (e.identityEstablishing()) {
      g.writeBooleanField("identityEstablishing", true);
    }
    if (!e.hops().isEmpty()) {
      g.writeArrayFieldStart("hops");
      for (Hop h : e.hops()) {
        hop(g, h);
      }
      g.writeEndArray();
    }
    if (!e.namedPrincipals().isEmpty()) {
      g.writeArrayFieldStart("names");
      for (Principal p : e.namedPrincipals()) {
        principal(g, p);
      }
      g.writeEndArray();
    }
    g.writeStringField("source", e.location().toString());
    g.writeEndObject();
  }

  /** The fields that name a record, first in every line that is about one: cloud, id, time, service, operation. */
  static void keyFields(JsonGenerator g, AuditEvent e) throws IOException {
    g.writeStringField("cloud", e.cloud().wireName());
    g.writeStringField("id", e.id());
    g.writeStringField("time", e.time().toString());
    g.writeStringField("service", e.service());
    g.writeStringField("operation", e.operation());
  }

  static void principal(JsonGenerator g, Principal p) throws IOException {
    g.writeStartObject();
    g.writeStringField("id", p.id());
    g.writeStringField("kind", p.kind().name());
    optional(g, "account", p.account().orElse(null));
    optional(g, "uniqueId", p.uniqueId().orElse(null));
    g.writeEndObject();
  }

  static void hop(JsonGenerator g, Hop h) throws IOException {
    g.writeStartObject();
    g.writeStringField("mechanism", h.mechanism().name());
    g.writeStringField("from", h.from().id());
    g.writeStringField("to", h.to().id());
    if (h.issued().isPresent()) {
      g.writeStringField("issued", h.issued().get().display());
    }
    g.writeStringField("validFrom", h.validFrom().toString());
    optional(g, "validUntil", h.validUntil().map(Object::toString).orElse(null));
    optional(g, "audience", h.audience().orElse(null));
    optional(g, "sourceIdentity", h.sourceIdentity().orElse(null));
    g.writeStringField("strength", h.strength().wireName());
    optional(g, "reason", h.reason().orElse(null));
    g.writeArrayFieldStart("evidence");
    for (var ev : h.evidence()) {
      g.writeString(ev.eventId());
    }
    g.writeEndArray();
    g.writeEndObject();
  }

  private static void optional(JsonGenerator g, String field, String value) throws IOException {
    if (value != null) {
      g.writeStringField(field, value);
    }
  }
}
