package dev.crosstrail.gcp.collect;

import com.google.logging.v2.ListLogEntriesRequest;
import com.google.logging.v2.ListLogEntriesResponse;
import com.google.logging.v2.LogEntry;
import com.google.protobuf.util.Timestamps;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.TlsServerCredentials;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.ProtoUtils;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import io.grpc.testing.TlsTesting;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.text.ParseException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A stand-in for the Cloud Logging API on loopback: declares {@code ListLogEntries} itself (the
 * generated grpc-google-cloud-logging-v2 stubs are not served at the BOM's version), speaks TLS with
 * grpc-testing's certificates, serves stored entries by resource name and time window in timestamp
 * order with offset page tokens, records requests and the {@code authorization} header, and injects
 * faults by call number. Optionally sits behind a TCP relay that can drop its connections.
 */
final class LoopbackLogging implements AutoCloseable {

  static final String AUTHORITY = "foo.test.google.fr";

  static final MethodDescriptor<ListLogEntriesRequest, ListLogEntriesResponse> LIST_LOG_ENTRIES =
      MethodDescriptor.<ListLogEntriesRequest, ListLogEntriesResponse>newBuilder()
          .setType(MethodDescriptor.MethodType.UNARY)
          .setFullMethodName("google.logging.v2.LoggingServiceV2/ListLogEntries")
          .setRequestMarshaller(ProtoUtils.marshaller(ListLogEntriesRequest.getDefaultInstance()))
          .setResponseMarshaller(ProtoUtils.marshaller(ListLogEntriesResponse.getDefaultInstance()))
          .build();

  private static final Metadata.Key<String> AUTHORIZATION =
      Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
  private static final Pattern FROM = Pattern.compile("timestamp>=\"([^\"]+)\"");
  private static final Pattern TO = Pattern.compile("timestamp<\"([^\"]+)\"");

  /** What the server does to one call instead of answering it. */
  enum Fault { RESOURCE_EXHAUSTED, UNAVAILABLE, CLOSE_WITHOUT_RESPONSE, DROP_CONNECTION }

  private final Map<String, List<LogEntry>> entries = new ConcurrentHashMap<>();
  private final Map<Integer, Fault> faults = new ConcurrentHashMap<>();
  private final AtomicInteger calls = new AtomicInteger();
  final List<ListLogEntriesRequest> requests = new CopyOnWriteArrayList<>();
  final List<String> authorizations = new CopyOnWriteArrayList<>();
  private final Server server;
  private final DroppingRelay relay;

  LoopbackLogging(boolean behindRelay) throws IOException {
    ServerServiceDefinition service = ServerServiceDefinition.builder("google.logging.v2.LoggingServiceV2")
        .addMethod(LIST_LOG_ENTRIES, ServerCalls.asyncUnaryCall(this::list))
        .build();
    ServerInterceptor recordAuth = new ServerInterceptor() {
      @Override
      public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
          ServerCallHandler<Q, R> next) {
        String auth = headers.get(AUTHORIZATION);
        authorizations.add(auth == null ? "(none)" : auth);
        return next.startCall(call, headers);
      }
    };
    try (InputStream chain = TlsTesting.loadCert("server1.pem"); InputStream key = TlsTesting.loadCert("server1.key")) {
      server = NettyServerBuilder.forAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
              TlsServerCredentials.create(chain, key))
          .addService(ServerInterceptors.intercept(service, recordAuth))
          .build()
          .start();
    }
    relay = behindRelay ? new DroppingRelay(server.getPort()) : null;
  }

  /** The certificate authority that signed the server's certificate, as a PEM file. */
  static Path caFile(Path dir) throws IOException {
    Path ca = dir.resolve("ca.pem");
    try (InputStream in = TlsTesting.loadCert("ca.pem")) {
      Files.copy(in, ca, StandardCopyOption.REPLACE_EXISTING);
    }
    return ca;
  }

  /** host:port to connect to (the relay's when there is one). */
  String endpoint() {
    return "127.0.0.1:" + (relay != null ? relay.port() : server.getPort());
  }

  void add(String resourceName, LogEntry... more) {
    entries.computeIfAbsent(resourceName, k -> new CopyOnWriteArrayList<>()).addAll(List.of(more));
  }

  /** Makes call number {@code call} (1-based, counting every attempt) fail this way. */
  void failCall(int call, Fault fault) {
    faults.put(call, fault);
  }

  int calls() {
    return calls.get();
  }

  private void list(ListLogEntriesRequest request, StreamObserver<ListLogEntriesResponse> response) {
    int call = calls.incrementAndGet();
    requests.add(request);
    Fault fault = faults.remove(call);
    if (fault != null) {
      switch (fault) {
        case RESOURCE_EXHAUSTED -> response.onError(Status.RESOURCE_EXHAUSTED
            .withDescription("Quota exceeded for quota metric 'Read requests' of service 'logging.googleapis.com'")
            .asRuntimeException());
        case UNAVAILABLE -> response.onError(Status.UNAVAILABLE.withDescription("The service is currently unavailable.")
            .asRuntimeException());
        case CLOSE_WITHOUT_RESPONSE -> response.onCompleted();
        case DROP_CONNECTION -> relay.dropAll();
        default -> throw new IllegalStateException("unknown fault " + fault);
      }
      return;
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
    int size = request.getPageSize() == 0 ? 50 : request.getPageSize();
    int end = Math.min(matching.size(), offset + size);
    ListLogEntriesResponse.Builder page = ListLogEntriesResponse.newBuilder().addAllEntries(matching.subList(offset, end));
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
    if (relay != null) {
      relay.close();
    }
    server.shutdownNow();
    server.awaitTermination(5, TimeUnit.SECONDS);
  }

  /** A TCP relay on loopback whose connections can be cut, as a dropped network connection would be. */
  static final class DroppingRelay implements AutoCloseable {
    private final ServerSocket listener;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();

    DroppingRelay(int targetPort) throws IOException {
      listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
      Thread accept = new Thread(() -> {
        while (!listener.isClosed()) {
          try {
            Socket client = listener.accept();
            Socket target = new Socket(InetAddress.getLoopbackAddress(), targetPort);
            open.add(client);
            open.add(target);
            pump(client, target);
            pump(target, client);
          } catch (IOException e) {
            return;
          }
        }
      }, "relay-accept");
      accept.setDaemon(true);
      accept.start();
    }

    int port() {
      return listener.getLocalPort();
    }

    private void pump(Socket from, Socket to) {
      Thread t = new Thread(() -> {
        try {
          from.getInputStream().transferTo(to.getOutputStream());
        } catch (IOException e) {
          // the connection was cut
        } finally {
          closeQuietly(from);
          closeQuietly(to);
        }
      }, "relay-pump");
      t.setDaemon(true);
      t.start();
    }

    void dropAll() {
      for (Socket s : open) {
        closeQuietly(s);
      }
      open.clear();
    }

    private static void closeQuietly(Socket s) {
      try {
        s.close();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    @Override
    public void close() {
      dropAll();
      try {
        listener.close();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
