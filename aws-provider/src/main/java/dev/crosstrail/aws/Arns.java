package dev.crosstrail.aws;

import dev.crosstrail.model.Cloud;
import dev.crosstrail.model.Principal;
import dev.crosstrail.model.PrincipalKind;
import java.util.Optional;
import software.amazon.awssdk.arns.Arn;

/** Principals named by ARNs, parsed with the AWS SDK's {@link Arn}. The ARN text is kept as given. */
final class Arns {

  /** Slots of {@link #RECENT}; a power of two. */
  private static final int RECENT_SLOTS = 1024;

  /**
   * The ARNs parsed last, one per slot by the text's hash: a record names the same ARN several times
   * (partition, account, kind) and a trail repeats a few thousand of them, while the SDK's parser
   * builds several objects per call. Entries are immutable and published through their final fields,
   * so threads may share the slots without locks; a lost or overwritten entry only costs a parse.
   */
  private static final Parsed[] RECENT = new Parsed[RECENT_SLOTS];

  private record Parsed(String text, Optional<Arn> arn) {}

  private Arns() {}

  /**
   * The parsed ARN, or empty when the text is none. Unlike {@link Arn#tryFromString} alone this never
   * throws: the SDK rejects some ARN-shaped texts ({@code arn:aws:iam::123456789012:role/}, an empty
   * resource) with an {@link IllegalArgumentException} instead of an empty result.
   */
  static Optional<Arn> parse(String arnText) {
    int slot = arnText.hashCode() & (RECENT_SLOTS - 1);
    Parsed recent = RECENT[slot];
    if (recent != null && recent.text().equals(arnText)) {
      return recent.arn();
    }
    Optional<Arn> arn = parseUncached(arnText);
    RECENT[slot] = new Parsed(arnText, arn);
    return arn;
  }

  private static Optional<Arn> parseUncached(String arnText) {
    try {
      return Arn.tryFromString(arnText);
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** The principal an IAM or STS ARN names; empty when the text is no ARN. */
  static Optional<Principal> principal(String arnText) {
    Optional<Arn> parsed = parse(arnText);
    if (parsed.isEmpty()) {
      return Optional.empty();
    }
    Arn arn = parsed.get();
    return Optional.of(new Principal(arnText, kindOf(arn), Cloud.AWS, arn.accountId().filter(a -> !a.isEmpty()),
        Optional.empty(), Optional.empty()));
  }

  /** The kind of identity an ARN names: {@code user/…} an IAM user, {@code assumed-role/…} a session, … */
  static PrincipalKind kindOf(Arn arn) {
    String resource = arn.resourceAsString();
    if (arn.service().equals("iam")) {
      if (resource.equals("root")) {
        return PrincipalKind.AWS_ACCOUNT;
      }
      if (resource.startsWith("user/")) {
        return PrincipalKind.IAM_USER;
      }
      if (resource.startsWith("role/")) {
        return PrincipalKind.IAM_ROLE;
      }
    } else if (arn.service().equals("sts")) {
      if (resource.startsWith("assumed-role/")) {
        return PrincipalKind.ROLE_SESSION;
      }
      if (resource.startsWith("federated-user/")) {
        return PrincipalKind.FEDERATED_USER;
      }
    }
    return PrincipalKind.UNKNOWN;
  }

  /** The partition of an ARN ({@code aws}, {@code aws-cn}, {@code aws-us-gov}); {@code aws} when unknown. */
  static String partition(Optional<String> arnText) {
    return arnText.flatMap(Arns::parse).map(Arn::partition).filter(p -> !p.isEmpty()).orElse("aws");
  }

  /** The account as a principal: {@code arn:aws:iam::123456789012:root}. */
  static Principal account(String partition, String accountId) {
    return new Principal("arn:" + partition + ":iam::" + accountId + ":root", PrincipalKind.AWS_ACCOUNT, Cloud.AWS,
        Optional.of(accountId), Optional.empty(), Optional.empty());
  }

  /** The account id inside an ARN. */
  static Optional<String> accountOf(String arnText) {
    return parse(arnText).flatMap(Arn::accountId).filter(a -> !a.isEmpty());
  }
}
