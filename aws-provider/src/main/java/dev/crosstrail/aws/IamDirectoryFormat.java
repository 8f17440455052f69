package dev.crosstrail.aws;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.crosstrail.graph.PrincipalDirectory;
import dev.crosstrail.io.CrossTrailException;
import dev.crosstrail.io.ReadOptions;
import dev.crosstrail.spi.PrincipalDirectoryFormat;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

/**
 * Reads AWS IAM listings as directory files, mapping unique ids to ARNs (for example
 * {@code AIDAAJO7LBMBHLSL7RFVG} → {@code arn:aws:iam::111111111111:user/ci-deployer}). Recognised from
 * content, whichever the file name: the JSON output of
 * <ul>
 *   <li>{@code aws iam list-users}: {@code {"Users":[{"UserName","UserId","Arn",…}]}};
 *   <li>{@code aws iam list-roles}: {@code {"Roles":[{"RoleName","RoleId","Arn",…}]}};
 *   <li>{@code aws iam get-account-authorization-details}: {@code UserDetailList} and
 *       {@code RoleDetailList} with the same fields (groups and policies are skipped).
 * </ul>
 * A top-level list is recognised when it is empty or when its first entry has its id and an ARN
 * (this tells IAM's {@code Users} from Cognito's or IAM Identity Center's). Entries are streamed and
 * bound one at a time. Registered for {@link java.util.ServiceLoader}; use it through
 * {@link dev.crosstrail.io.PrincipalDirectories}.
 */
public final class IamDirectoryFormat implements PrincipalDirectoryFormat {

  /** The provider's own Jackson setup, with the default input limits. */
  private static final ObjectMapper MAPPER = Jackson.mapper(ReadOptions.DEFAULTS);

  /** Called by {@link java.util.ServiceLoader}. */
  public IamDirectoryFormat() {}

  /** The top-level lists read, and the id field of their entries. */
  private enum Listing {
    USERS("Users", "UserId", "user/"),
    ROLES("Roles", "RoleId", "role/"),
    USER_DETAILS("UserDetailList", "UserId", "user/"),
    ROLE_DETAILS("RoleDetailList", "RoleId", "role/");

    final String field;
    final String idField;
    final String resourcePrefix;

    Listing(String field, String idField, String resourcePrefix) {
      this.field = field;
      this.idField = idField;
      this.resourcePrefix = resourcePrefix;
    }

    static Optional<Listing> of(String field) {
      for (Listing l : values()) {
        if (l.field.equals(field)) {
          return Optional.of(l);
        }
      }
      return Optional.empty();
    }
  }

  /** One entry of any listing, as the JSON has it; other fields are ignored. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  record IamEntry(
      @JsonProperty("UserId") String userId,
      @JsonProperty("RoleId") String roleId,
      @JsonProperty("Arn") String arn) {}

  @Override
  public String description() {
    return "aws iam list-users, list-roles or get-account-authorization-details JSON output (crosstrail-aws)";
  }

  @Override
  public boolean read(String source, InputStream in, PrincipalDirectory.Builder into) throws IOException {
    in.mark(SNIFF_LIMIT);
    byte[] head = in.readNBytes(SNIFF_LIMIT);
    in.reset();
    if (!recognizes(head)) {
      return false;
    }
    JsonFactory factory = MAPPER.getFactory();
    try (JsonParser p = factory.createParser(in)) {
      p.nextToken();
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        JsonToken value = p.nextToken();
        Optional<Listing> listing = Listing.of(field);
        if (listing.isEmpty()) {
          p.skipChildren();
        } else if (value != JsonToken.START_ARRAY) {
          throw malformed(source, p.currentTokenLocation(), "\"" + field + "\" should be a list, found " + value);
        } else {
          readList(source, p, listing.get(), into);
        }
      }
    } catch (JsonProcessingException e) {
      throw new CrossTrailException("Directory file " + source + ": " + Jackson.explain(e), e);
    }
    return true;
  }

  private static void readList(String source, JsonParser p, Listing listing, PrincipalDirectory.Builder into)
      throws IOException {
    int index = 0;
    JsonToken t;
    while ((t = p.nextToken()) == JsonToken.START_OBJECT) {
      JsonLocation at = p.currentTokenLocation();
      IamEntry entry = MAPPER.readValue(p, IamEntry.class);
      String id = listing == Listing.USERS || listing == Listing.USER_DETAILS ? entry.userId() : entry.roleId();
      String where = "entry " + index + " of \"" + listing.field + "\"";
      if (id == null || id.isBlank()) {
        throw malformed(source, at, where + " has no \"" + listing.idField + "\"");
      }
      if (entry.arn() == null || !isIamArn(entry.arn(), listing.resourcePrefix)) {
        throw malformed(source, at, where + " (" + id + ") should have an \"Arn\" naming an IAM "
            + listing.resourcePrefix.substring(0, listing.resourcePrefix.length() - 1) + ", found "
            + (entry.arn() == null ? "none" : "\"" + cut(entry.arn()) + "\""));
      }
      into.awsPrincipal(id, entry.arn());
      index++;
    }
    if (t != JsonToken.END_ARRAY) {
      throw malformed(source, p.currentTokenLocation(), "\"" + listing.field + "\" should hold objects, found " + t);
    }
  }

  private static boolean isIamArn(String text, String resourcePrefix) {
    return Arns.parse(text)
        .filter(a -> a.service().equals("iam") && a.resourceAsString().startsWith(resourcePrefix))
        .isPresent();
  }

  /** Whether the first bytes are one of the listings: the list's key, then an empty list or a first entry that fits. */
  static boolean recognizes(byte[] head) {
    try (JsonParser p = MAPPER.getFactory().createParser(head)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return false;
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        Optional<Listing> listing = Listing.of(p.currentName());
        JsonToken value = p.nextToken();
        if (listing.isPresent() && value == JsonToken.START_ARRAY) {
          return firstEntryFits(p, listing.get());
        }
        p.skipChildren();
      }
      return false;
    } catch (IOException e) {
      return false; // not JSON, or the head ended before a listing showed
    }
  }

  private static boolean firstEntryFits(JsonParser p, Listing listing) throws IOException {
    JsonToken first = p.nextToken();
    if (first == JsonToken.END_ARRAY) {
      return true;
    }
    if (first != JsonToken.START_OBJECT) {
      return false;
    }
    boolean id = false;
    boolean arn = false;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      JsonToken value = p.nextToken();
      if (value == JsonToken.VALUE_STRING && name.equals(listing.idField)) {
        id = true;
      } else if (value == JsonToken.VALUE_STRING && name.equals("Arn") && p.getText().startsWith("arn:")) {
        arn = true;
      } else {
        p.skipChildren();
      }
      if (id && arn) {
        return true;
      }
    }
    return false;
  }

  private static CrossTrailException malformed(String source, JsonLocation at, String what) {
    return new CrossTrailException("Directory file " + source + " at line " + at.getLineNr() + " column "
        + at.getColumnNr() + ": " + what + "; expected aws iam list-users, list-roles or "
        + "get-account-authorization-details output");
  }

  private static String cut(String text) {
    return text.length() <= 80 ? text : text.substring(0, 80) + "…";
  }
}
