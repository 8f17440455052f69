package dev.crosstrail.gcp.collect;

import com.google.cloud.audit.AuditLog;
import com.google.logging.v2.LogEntry;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.TypeRegistry;
import com.google.protobuf.util.JsonFormat;

/**
 * Converts Cloud Logging's protobuf {@link LogEntry} to the JSON that {@code gcloud logging read
 * --format=json} and Cloud Storage sinks write (lowerCamelCase field names, RFC 3339 timestamps,
 * enum names, {@code "@type"} inside {@code protoPayload}), and back.
 *
 * <p>The type registry knows {@code google.cloud.audit.AuditLog} (from proto-google-common-protos)
 * and {@code google.iam.v1.logging.AuditData}, the legacy {@code serviceData} of IAM policy changes
 * (from proto-google-iam-v1). {@code request}, {@code response} and {@code metadata} are
 * {@code Struct}s and print as plain JSON whatever their {@code "@type"}.
 */
final class EntryJson {

  static final TypeRegistry TYPES = TypeRegistry.newBuilder()
      .add(AuditLog.getDescriptor())
      .add(com.google.iam.v1.logging.AuditData.getDescriptor())
      .build();

  private static final JsonFormat.Printer PRINTER =
      JsonFormat.printer().usingTypeRegistry(TYPES).omittingInsignificantWhitespace();
  private static final JsonFormat.Parser PARSER = JsonFormat.parser().usingTypeRegistry(TYPES);

  private EntryJson() {}

  /**
   * One line of JSON for the entry.
   *
   * @throws InvalidProtocolBufferException when an {@code Any} has a type the registry does not know
   *     or bytes that do not parse as that type
   */
  static String print(LogEntry entry) throws InvalidProtocolBufferException {
    return PRINTER.print(entry);
  }

  /**
   * Parses entry JSON into a {@link LogEntry}.
   *
   * @param ignoreUnknownFields skip fields that the proto does not have instead of failing
   */
  static LogEntry parse(String json, boolean ignoreUnknownFields) throws InvalidProtocolBufferException {
    LogEntry.Builder builder = LogEntry.newBuilder();
    (ignoreUnknownFields ? PARSER.ignoringUnknownFields() : PARSER).merge(json, builder);
    return builder.build();
  }
}
