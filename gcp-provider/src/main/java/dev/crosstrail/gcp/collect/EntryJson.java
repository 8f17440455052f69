package dev.crosstrail.gcp.collect;

import com.google.cloud.audit.AuditLog;
import com.google.logging.v2.LogEntry;
import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.TypeRegistry;
import com.google.protobuf.util.JsonFormat;
import java.util.ArrayList;
import java.util.List;

/**
 * Converts Cloud Logging's protobuf {@link LogEntry} to the JSON that {@code gcloud logging read
 * --format=json} and Cloud Storage sinks write (lowerCamelCase field names, RFC 3339 timestamps,
 * enum names, {@code "@type"} inside {@code protoPayload}), and back.
 *
 * <p>The type registry knows {@code google.cloud.audit.AuditLog} (from proto-google-common-protos),
 * {@code google.iam.v1.logging.AuditData}, the legacy {@code serviceData} of IAM policy changes
 * (from proto-google-iam-v1), and the {@code google.rpc} error details ({@code ErrorInfo},
 * {@code BadRequest}, …) found in {@code status.details}. {@code request}, {@code response} and {@code metadata} are
 * {@code Struct}s and print as plain JSON whatever their {@code "@type"}.
 */
final class EntryJson {

  static final TypeRegistry TYPES = TypeRegistry.newBuilder()
      .add(AuditLog.getDescriptor())
      .add(com.google.iam.v1.logging.AuditData.getDescriptor())
      .add(com.google.rpc.ErrorDetailsProto.getDescriptor().getMessageTypes())
      .build();

  private static final JsonFormat.Printer PRINTER =
      JsonFormat.printer().usingTypeRegistry(TYPES).omittingInsignificantWhitespace();
  private static final JsonFormat.Parser PARSER = JsonFormat.parser().usingTypeRegistry(TYPES);

  private EntryJson() {}

  /**
   * One entry as one line of JSON, and the parts of it that had to be left out.
   *
   * @param json the entry JSON
   * @param dropped what was left out because its type is unknown here, for example
   *     {@code serviceData (type.googleapis.com/google.cloud.bigquery.logging.v1.AuditData)}
   */
  record Converted(String json, List<String> dropped) {}

  /**
   * Converts an entry. When an AuditLog carries a deprecated {@code serviceData} or a
   * {@code status.details} item of a type the registry does not know (BigQuery's legacy
   * {@code google.cloud.bigquery.logging.v1.AuditData} has no Java message class), those parts are left
   * out and named in {@link Converted#dropped()}, rather than losing the whole entry: the normalizer
   * reads neither.
   *
   * @throws InvalidProtocolBufferException when the payload itself has an unknown type or bytes that
   *     do not parse as its type
   */
  static Converted print(LogEntry entry) throws InvalidProtocolBufferException {
    try {
      return new Converted(PRINTER.print(entry), List.of());
    } catch (InvalidProtocolBufferException e) {
      if (!entry.hasProtoPayload() || !entry.getProtoPayload().is(AuditLog.class)) {
        throw e;
      }
      AuditLog log = entry.getProtoPayload().unpack(AuditLog.class);
      AuditLog.Builder stripped = log.toBuilder();
      List<String> dropped = new ArrayList<>();
      if (log.hasServiceData() && !known(log.getServiceData())) {
        dropped.add("serviceData (" + log.getServiceData().getTypeUrl() + ")");
        stripped.clearServiceData();
      }
      if (log.hasStatus()) {
        List<Any> details = new ArrayList<>();
        for (Any detail : log.getStatus().getDetailsList()) {
          if (known(detail)) {
            details.add(detail);
          } else {
            dropped.add("status.details (" + detail.getTypeUrl() + ")");
          }
        }
        stripped.getStatusBuilder().clearDetails().addAllDetails(details);
      }
      if (dropped.isEmpty()) {
        throw e;
      }
      LogEntry rest = entry.toBuilder().setProtoPayload(Any.newBuilder()
          .setTypeUrl(entry.getProtoPayload().getTypeUrl()).setValue(stripped.build().toByteString())).build();
      return new Converted(PRINTER.print(rest), dropped);
    }
  }

  private static boolean known(Any any) {
    String url = any.getTypeUrl();
    return TYPES.find(url.substring(url.lastIndexOf('/') + 1)) != null;
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
