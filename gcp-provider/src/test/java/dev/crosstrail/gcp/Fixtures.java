package dev.crosstrail.gcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.crosstrail.io.AuditLogs;
import dev.crosstrail.model.AuditEvent;
import dev.crosstrail.model.RecordLocation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Test helpers: fixture paths and the reader under test. */
final class Fixtures {

  static final ObjectMapper JSON = new ObjectMapper();

  private Fixtures() {}

  static Path path(String relative) {
    try {
      return Path.of(Fixtures.class.getResource("/fixtures/" + relative).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  static String text(String relative) {
    try {
      return Files.readString(path(relative), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static List<String> lines(String relative) {
    return text(relative).lines().toList();
  }

  static AuditLogs reader() {
    return AuditLogs.of(List.of(new CloudAuditLogFormat())).withParallelism(1);
  }

  static RecordLocation at(String source) {
    return new RecordLocation(source, 0, 1, 0);
  }

  /**
   * A documentation example completed with the two fields the pages leave out, so that the rest
   * of its real field shapes can be normalized.
   */
  static AuditEvent normalizeDocExample(String relative, String insertId, String timestamp) {
    try {
      ObjectNode entry = (ObjectNode) JSON.readTree(text(relative));
      entry.put("insertId", insertId);
      entry.put("timestamp", timestamp);
      return CloudAuditLogs.normalize(JSON.writeValueAsString(entry), at(relative));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static AuditEvent normalizeFile(String relative) {
    return CloudAuditLogs.normalize(text(relative), at(relative));
  }

  static AuditEvent normalizeLine(String relative, int oneBasedLine) {
    return CloudAuditLogs.normalize(lines(relative).get(oneBasedLine - 1), at(relative));
  }

  static JsonNode tree(String json) {
    try {
      return JSON.readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
