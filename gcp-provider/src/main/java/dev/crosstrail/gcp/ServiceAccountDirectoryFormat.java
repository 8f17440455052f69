package dev.crosstrail.gcp;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import dev.crosstrail.graph.PrincipalDirectory;
import dev.crosstrail.io.CrossTrailException;
import dev.crosstrail.io.ReadOptions;
import dev.crosstrail.spi.PrincipalDirectoryFormat;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads GCP service-account listings as directory files, mapping unique ids to emails (for example
 * {@code 100000000000000000001} → {@code kawanago-crosscloud-test-1@my-gcp-project.iam.gserviceaccount.com}).
 * Recognised from content, whichever the file name:
 * <ul>
 *   <li>{@code gcloud iam service-accounts list --format=json}: an array of
 *       {@code {"email","uniqueId","projectId","name",…}} ({@code []} when the project has none);
 *   <li>the REST {@code projects.serviceAccounts.list} response:
 *       {@code {"accounts":[…],"nextPageToken":"…"}}. One file is one page: pass every page.
 * </ul>
 * A list is recognised when it is empty or its first entry has {@code email} and {@code uniqueId}.
 * Entries are streamed and bound one at a time. Registered for {@link java.util.ServiceLoader}; use it
 * through {@link dev.crosstrail.io.PrincipalDirectories}.
 */
public final class ServiceAccountDirectoryFormat implements PrincipalDirectoryFormat {

  private static final GcpJson JSON = GcpJson.of(ReadOptions.DEFAULTS);

  /** Called by {@link java.util.ServiceLoader}. */
  public ServiceAccountDirectoryFormat() {}

  /** One service account as the JSON has it; other fields are ignored. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  record ServiceAccount(String email, String uniqueId) {}

  @Override
  public String description() {
    return "gcloud iam service-accounts list --format=json output, or a REST projects.serviceAccounts.list "
        + "response (crosstrail-gcp)";
  }

  @Override
  public boolean read(String source, InputStream in, PrincipalDirectory.Builder into) throws IOException {
    in.mark(SNIFF_LIMIT);
    byte[] head = in.readNBytes(SNIFF_LIMIT);
    in.reset();
    if (!recognizes(head)) {
      return false;
    }
    try (JsonParser p = JSON.factory().createParser(in)) {
      if (p.nextToken() == JsonToken.START_ARRAY) {
        readList(source, p, "the list", into);
      } else {
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String field = p.currentName();
          JsonToken value = p.nextToken();
          if (!field.equals("accounts")) {
            p.skipChildren();
          } else if (value != JsonToken.START_ARRAY) {
            throw malformed(source, p.currentTokenLocation(), "\"accounts\" should be a list, found " + value);
          } else {
            readList(source, p, "\"accounts\"", into);
          }
        }
      }
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      throw new CrossTrailException("Directory file " + source + ": malformed JSON"
          + (at == null ? "" : " at line " + at.getLineNr() + " column " + at.getColumnNr()) + ": "
          + e.getOriginalMessage(), e);
    }
    return true;
  }

  private static void readList(String source, JsonParser p, String list, PrincipalDirectory.Builder into)
      throws IOException {
    int index = 0;
    JsonToken t;
    while ((t = p.nextToken()) == JsonToken.START_OBJECT) {
      JsonLocation at = p.currentTokenLocation();
      ServiceAccount account = JSON.mapper().readValue(p, ServiceAccount.class);
      if (account.uniqueId() == null || account.uniqueId().isBlank()) {
        throw malformed(source, at, "entry " + index + " of " + list + " has no \"uniqueId\"");
      }
      if (account.email() == null || !account.email().contains("@")) {
        throw malformed(source, at, "entry " + index + " of " + list + " (" + account.uniqueId()
            + ") should have an \"email\", found " + (account.email() == null ? "none" : "\"" + account.email() + "\""));
      }
      into.serviceAccount(account.uniqueId(), account.email());
      index++;
    }
    if (t != JsonToken.END_ARRAY) {
      throw malformed(source, p.currentTokenLocation(), list + " should hold service-account objects, found " + t);
    }
  }

  /** Whether the first bytes are a listing: an array, or an object with "accounts", that is empty or whose first entry fits. */
  static boolean recognizes(byte[] head) {
    try (JsonParser p = JSON.factory().createParser(head)) {
      JsonToken root = p.nextToken();
      if (root == JsonToken.START_ARRAY) {
        return firstEntryFits(p);
      }
      if (root != JsonToken.START_OBJECT) {
        return false;
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken value = p.nextToken();
        if (name.equals("accounts") && value == JsonToken.START_ARRAY) {
          return firstEntryFits(p);
        }
        p.skipChildren();
      }
      return false;
    } catch (IOException e) {
      return false; // not JSON, or the head ended before a listing showed
    }
  }

  private static boolean firstEntryFits(JsonParser p) throws IOException {
    JsonToken first = p.nextToken();
    if (first == JsonToken.END_ARRAY) {
      return true;
    }
    if (first != JsonToken.START_OBJECT) {
      return false;
    }
    boolean email = false;
    boolean uniqueId = false;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      JsonToken value = p.nextToken();
      if (value == JsonToken.VALUE_STRING && name.equals("email")) {
        email = true;
      } else if (value == JsonToken.VALUE_STRING && name.equals("uniqueId")) {
        uniqueId = true;
      } else {
        p.skipChildren();
      }
      if (email && uniqueId) {
        return true;
      }
    }
    return false;
  }

  private static CrossTrailException malformed(String source, JsonLocation at, String what) {
    return new CrossTrailException("Directory file " + source + " at line " + at.getLineNr() + " column "
        + at.getColumnNr() + ": " + what + "; expected gcloud iam service-accounts list --format=json output");
  }
}
