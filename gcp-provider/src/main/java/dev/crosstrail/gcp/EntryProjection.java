package dev.crosstrail.gcp;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Binds a record object to a tree holding only the members that {@link EntryNormalizer} and the
 * Pub/Sub unwrapping of {@link EntryReader} read, and steps over the rest with the parser
 * ({@code authorizationInfo}, {@code requestAttributes}, most of {@code request} and {@code response},
 * {@code receiveTimestamp}, …): building the whole tree of every entry was much of the cost of reading.
 *
 * <p>The kept members do not depend on the entry (a member read for any method is kept for every
 * entry), so the outcome does not depend on key order; both spellings of a name are kept, as
 * {@link Fields} looks up both. What the normalizer reads of the projected tree is what it reads of
 * the whole tree ({@code EntryProjectionTest} compares the two over every fixture). When the
 * normalizer starts reading another member, add it here.
 *
 * <p>Skipped members are stepped over without decoding their strings, which is most of what a
 * projection saves. So {@code ReadOptions.maxStringLength}, which guards memory, applies to the
 * strings crosstrail reads: an entry whose unread {@code protoPayload.response} holds a 20 MB string
 * is normalized (it never occupies memory); one whose {@code methodName} does is rejected.
 */
final class EntryProjection {

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

  private static final Keep ENTRY;

  static {
    Keep proto = new Keep(
        spellings("@type", "methodName", "serviceName", "authenticationInfo", "resourceName", "status"),
        projected(Map.of(
            "metadata", new Keep(spellings("mappedPrincipal"), Map.of()),
            "requestMetadata", new Keep(spellings("callerIp", "callerSuppliedUserAgent"), Map.of()),
            "request", new Keep(spellings("name", "lifetime", "audience"), Map.of()),
            "response", new Keep(spellings("expireTime", "expiresIn", "email", "uniqueId", "projectId"),
                Map.of()))));
    Set<String> entry = new HashSet<>(
        // message and data: a Pub/Sub envelope, unwrapped by EntryReader
        spellings("insertId", "resource", "logName", "textPayload", "jsonPayload", "timestamp", "message", "data"));
    // the mark of a CloudTrail record in a file of entries, named as such in its rejection
    entry.addAll(Set.of("eventID", "eventSource"));
    ENTRY = new Keep(Set.copyOf(entry), projected(Map.of("protoPayload", proto)));
  }

  /** The names with their snake_case forms ({@link Fields#snake}). */
  private static Set<String> spellings(String... names) {
    Set<String> all = new HashSet<>();
    for (String n : names) {
      all.add(n);
      all.add(Fields.snake(n));
    }
    return Set.copyOf(all);
  }

  private static Map<String, Keep> projected(Map<String, Keep> byName) {
    Map<String, Keep> all = new HashMap<>();
    byName.forEach((n, k) -> {
      all.put(n, k);
      all.put(Fields.snake(n), k);
    });
    return Map.copyOf(all);
  }

  private final ObjectReader trees;
  private final JsonNodeFactory nodes;

  EntryProjection(ObjectMapper mapper) {
    this.trees = mapper.reader();
    this.nodes = mapper.getDeserializationConfig().getNodeFactory();
  }

  /** The record whose {@link JsonToken#START_OBJECT} is the parser's current token, projected. */
  ObjectNode entry(JsonParser p) throws IOException {
    return project(p, ENTRY);
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
