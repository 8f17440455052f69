package dev.crosstrail.cli;

import com.google.cloud.audit.AuditLog;
import com.google.logging.v2.ListLogEntriesRequest;
import com.google.logging.v2.ListLogEntriesResponse;
import com.google.logging.v2.LogEntry;
import com.google.protobuf.TypeRegistry;
import com.google.protobuf.util.JsonFormat;
import com.google.protobuf.util.Timestamps;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.ProtoUtils;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A plaintext stand-in for Cloud Logging's {@code ListLogEntries} on loopback, in the manner of gcp-provider's
 * LoopbackLogging test server: it declares the method itself, serves stored entries by resource name and
 * filter time window in timestamp order with offset page tokens, and answers PERMISSION_DENIED for resource
 * names marked forbidden.
 */
final class LoggingStandIn implements AutoCloseable {

  /** The registry gcp-provider's collector (EntryJson) converts with: AuditLog, IAM AuditData, google.rpc details. */
  static final TypeRegistry TYPES = TypeRegistry.newBuilder()
      .add(AuditLog.getDescriptor())
      .add(com.google.iam.v1.logging.AuditData.getDescriptor())
      .add(com.google.rpc.ErrorDetailsProto.getDescriptor().getMessageTypes())
      .build();

  private static final MethodDescriptor<ListLogEntriesRequest, ListLogEntriesResponse> LIST_LOG_ENTRIES =
      MethodDescriptor.<ListLogEntriesRequest, ListLogEntriesResponse>newBuilder()
          .setType(MethodDescriptor.MethodType.UNARY)
          .setFullMethodName("google.logging.v2.LoggingServiceV2/ListLogEntries")
          .setRequestMarshaller(ProtoUtils.marshaller(ListLogEntriesRequest.getDefaultInstance()))
          .setResponseMarshaller(ProtoUtils.marshaller(ListLogEntriesResponse.getDefaultInstance()))
          .build();
  private static final Pattern FROM = Pattern.compile("timestamp>=\"([^\"]+)\"");
  private static final Pattern TO = Pattern.compile("timestamp<\"([^\"]+)\"");

  private final Map<String, List<LogEntry>> entries = new ConcurrentHashMap<>();
  private final List<String> forbidden = new CopyOnWriteArrayList<>();
  /** Pages from this offset on are denied (a permission revoked mid-run); -1: none. */
  private volatile int deniedFromOffset = -1;
  final List<ListLogEntriesRequest> requests = new CopyOnWriteArrayList<>();
  private final Server server;

  LoggingStandIn() throws IOException {
    ServerServiceDefinition service = ServerServiceDefinition.builder("google.logging.v2.LoggingServiceV2")
        .addMethod(LIST_LOG_ENTRIES, ServerCalls.asyncUnaryCall(this::list))
        .build();
    server = NettyServerBuilder.forAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
        .addService(service).build().start();
  }

  String endpoint() {
    return "127.0.0.1:" + server.getPort();
  }

  void add(String resourceName, List<LogEntry> more) {
    entries.computeIfAbsent(resourceName, k -> new CopyOnWriteArrayList<>()).addAll(more);
  }

  void forbid(String resourceName) {
    forbidden.add(resourceName);
  }

  /** Denies every page that starts at entry {@code offset} or later (the first page starts at 0). */
  void denyPagesFrom(int offset) {
    deniedFromOffset = offset;
  }

  /** Every LogEntry of the sink-layout JSON-lines files under {@code dir}, parsed as protobuf. */
  static List<LogEntry> entriesUnder(Path dir) throws IOException {
    List<LogEntry> result = new ArrayList<>();
    JsonFormat.Parser parser = JsonFormat.parser().usingTypeRegistry(TYPES);
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path file : walk.filter(Files::isRegularFile).sorted().toList()) {
        for (String line : Files.readAllLines(file)) {
          if (!line.isBlank()) {
            LogEntry.Builder b = LogEntry.newBuilder();
            parser.merge(line, b);
            result.add(b.build());
          }
        }
      }
    }
    return result;
  }

  private void list(ListLogEntriesRequest request, StreamObserver<ListLogEntriesResponse> response) {
    requests.add(request);
    for (String name : request.getResourceNamesList()) {
      if (forbidden.contains(name)) {
        response.onError(Status.PERMISSION_DENIED
            .withDescription("Permission 'logging.privateLogEntries.list' denied on resource " + name)
            .asRuntimeException());
        return;
      }
    }
    Instant from = bound(FROM, request.getFilter(), Instant.MIN);
    Instant to = bound(TO, request.getFilter(), Instant.MAX);
    List<LogEntry> matching = new ArrayList<>();
    for (String name : request.getResourceNamesList()) {
      for (LogEntry e : entries.getOrDefault(name, List.of())) {
        Instant ts = Instant.ofEpochSecond(e.getTimestamp().getSeconds(), e.getTimestamp().getNanos());
        if (!ts.isBefore(from) && ts.isBefore(to)) {
          matching.add(e);
        }
      }
    }
    matching.sort(Comparator.comparing(e -> Timestamps.toNanos(e.getTimestamp())));
    int offset = request.getPageToken().isEmpty() ? 0 : Integer.parseInt(request.getPageToken());
    if (deniedFromOffset >= 0 && offset >= deniedFromOffset) {
      response.onError(Status.PERMISSION_DENIED.withDescription("Permission denied mid-run").asRuntimeException());
      return;
    }
    int size = request.getPageSize() == 0 ? 50 : request.getPageSize();
    int end = Math.min(matching.size(), offset + size);
    ListLogEntriesResponse.Builder page = ListLogEntriesResponse.newBuilder()
        .addAllEntries(matching.subList(offset, end));
    if (end < matching.size()) {
      page.setNextPageToken(Integer.toString(end));
    }
    response.onNext(page.build());
    response.onCompleted();
  }

  private static Instant bound(Pattern p, String filter, Instant otherwise) {
    Matcher m = p.matcher(filter);
    if (!m.find()) {
      return otherwise;
    }
    try {
      return Instant.ofEpochMilli(Timestamps.toMillis(Timestamps.parse(m.group(1))));
    } catch (ParseException e) {
      throw new IllegalArgumentException(e);
    }
  }

  @Override
  public void close() throws InterruptedException {
    server.shutdownNow();
    server.awaitTermination(5, TimeUnit.SECONDS);
  }
}
