package dev.crosstrail.aws;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Binds a CloudTrail record object to a tree holding only the members that {@link Normalizer} and
 * {@link Identities} read, and steps over the rest with the parser. Building the whole tree
 * ({@code additionalEventData}, {@code tlsDetails}, a {@code RunInstances} response, …) was half the
 * cost of normalizing a trail file.
 *
 * <p>The kept members do not depend on the event: a member the normalizer reads for any event is
 * kept for every event, so the projection is the same whatever order the record's keys come in (a
 * record's {@code eventName} may follow its {@code responseElements}). Whatever the normalizer
 * reads of the projected tree is identical to what it reads of the full tree, so the events are too
 * ({@code RecordProjectionTest} checks this over every fixture). When the normalizer starts reading
 * another member, add it here.
 *
 * <p>Skipped members are stepped over without decoding their strings, which is most of what a
 * projection saves. So {@code ReadOptions.maxStringLength}, which guards memory, applies to the
 * strings crosstrail reads: a record whose unread {@code responseElements} holds a 20 MB string is
 * normalized, not rejected (it never occupies memory); one whose {@code userAgent} does is rejected.
 */
final class RecordProjection {

  /** What is kept of one object: members bound whole, members projected in turn. */
  private static final class Keep {
    /** The mark of a member bound whole in {@link #members}. */
    private static final Keep WHOLE = new Keep(Set.of(), Map.of());

    /**
     * Every kept member, mapped to {@link #WHOLE} or to what is kept of it: one lookup per member of
     * every record. A {@link HashMap}, because {@code Map.of}'s lookup takes a division per probe and
     * was a tenth of the time spent reading a record.
     */
    private final Map<String, Keep> members = new HashMap<>();

    Keep(Set<String> whole, Map<String, Keep> projected) {
      whole.forEach(name -> members.put(name, WHOLE));
      members.putAll(projected);
    }
  }

  /** What {@link Normalizer} and {@link Identities} read of the record, and what element() unwraps. */
  private static final Keep RECORD = new Keep(
      Set.of("eventType", "insightDetails", "eventTime", "@timestamp", "eventID", "eventSource", "eventName",
          "userIdentity", "sessionCredentialFromConsole", "errorCode", "errorMessage", "recipientAccountId",
          "sourceIPAddress", "userAgent", "awsRegion", "resources", "sharedEventID",
          // the envelopes Normalizer.element unwraps: lookup-events items and EventBridge events
          "CloudTrailEvent", "detail", "detail-type", "source",
          // what tells a lookup-events item or a Cloud Audit Log entry that carries no record
          "EventId", "logName"),
      Map.of(
          // outcome (sign-in failures), hops, createdIamPrincipal, Identities (SAML and web-identity users)
          "responseElements", new Keep(Set.of("ConsoleLogin", "SwitchRole", "credentials", "assumedRoleUser",
              "federatedUser", "sourceIdentity", "audience", "provider", "subjectFromWebIdentityToken", "userName",
              "subject", "user", "role"), Map.of()),
          // hops (sourceIdentity, the session ARN of exports without assumedRoleUser), Identities (SAML)
          "requestParameters", new Keep(Set.of("sourceIdentity", "roleArn", "roleSessionName", "principalArn"),
              Map.of()),
          // switchRole
          "additionalEventData", new Keep(Set.of("SwitchFrom"), Map.of()),
          // present, not read: the mark of a Cloud Audit Log entry
          "protoPayload", new Keep(Set.of(), Map.of())));

  private final ObjectReader trees;
  private final JsonNodeFactory nodes;

  RecordProjection(ObjectMapper mapper) {
    this.trees = mapper.reader();
    this.nodes = mapper.getDeserializationConfig().getNodeFactory();
  }

  /** The record whose {@link JsonToken#START_OBJECT} is the parser's current token, projected. */
  ObjectNode record(JsonParser p) throws IOException {
    return project(p, RECORD);
  }

  private ObjectNode project(JsonParser p, Keep keep) throws IOException {
    ObjectNode node = nodes.objectNode();
    String name;
    while ((name = p.nextFieldName()) != null) {
      JsonToken t = p.nextToken();
      Keep inner = keep.members.get(name);
      if (inner == null) {
        p.skipChildren(); // undecoded: a scalar, a string included, is skipped by the next token
      } else if (inner != Keep.WHOLE && t == JsonToken.START_OBJECT) {
        node.replace(name, project(p, inner)); // replace: a repeated key keeps its last value, as readTree does
      } else {
        node.replace(name, value(p, t));
      }
    }
    return node;
  }

  /** The value the parser is on, bound as Jackson's tree deserializer binds it. */
  private JsonNode value(JsonParser p, JsonToken t) throws IOException {
    switch (t) {
      case VALUE_STRING:
        return nodes.textNode(p.getText());
      case VALUE_NULL:
        return nodes.nullNode();
      case VALUE_TRUE:
        return nodes.booleanNode(true);
      case VALUE_FALSE:
        return nodes.booleanNode(false);
      default:
        return trees.readTree(p); // objects, arrays and numbers: Jackson's own binding
    }
  }
}
