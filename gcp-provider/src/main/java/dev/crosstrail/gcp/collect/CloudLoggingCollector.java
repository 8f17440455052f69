package dev.crosstrail.gcp.collect;

import static java.util.Objects.requireNonNull;

import com.google.auth.Credentials;
import com.google.auth.http.HttpTransportFactory;
import dev.crosstrail.io.CrossTrailException;
import dev.crosstrail.model.AuditEvent;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Collects Cloud Audit Log entries from the Cloud Logging API ({@code entries.list}) into a local
 * directory laid out like a Cloud Storage log sink, which {@link dev.crosstrail.io.AuditLogs} then reads
 * like any exported logs:
 *
 * <pre>{@code
 * CollectionResult result = CloudLoggingCollector.create(settings).collect(new CollectionListener() {
 *   public void pageFetched(String resourceName, int page, int entries) {
 *     System.err.printf("%s: page %d, %d entries%n", resourceName, page, entries);
 *   }
 * });
 * // gcp-logs/cloudaudit.googleapis.com/data_access/2024/05/01/13:00:00_13:59:59_S0.json, …
 * }</pre>
 *
 * <p>Each resource name is read with one filter (time window, audit log kinds, methods, principals),
 * oldest entries first, in pages of up to 1,000. Each page is written as new shard files and then
 * recorded in a checkpoint per resource name and filter, so a run can be repeated on a schedule: it
 * starts {@link CollectorSettings#overlap()} before the previous run's end to pick up late deliveries
 * and skips entries it already wrote ({@code insertId} and {@code timestamp}). A run that fails part-way
 * keeps every finished page; running it again collects exactly the rest.
 *
 * <p>Every entry written is also normalized like the file readers do; entries that are not audit
 * records or whose payload cannot be decoded are counted as rejections, with their location.
 * Only one run may write to an output directory at a time.
 */
public final class CloudLoggingCollector {

  private static final String LOCK_FILE = ".crosstrail-collect.lock";

  private final CollectorSettings settings;
  private final Optional<HttpTransportFactory> authTransport;

  private CloudLoggingCollector(CollectorSettings settings, Optional<HttpTransportFactory> authTransport) {
    this.settings = settings;
    this.authTransport = authTransport;
  }

  /** A collector with these settings. Nothing is read or connected until {@link #collect}. */
  public static CloudLoggingCollector create(CollectorSettings settings) {
    return new CloudLoggingCollector(requireNonNull(settings, "settings"), Optional.empty());
  }

  /** A collector whose credentials fetch tokens through this HTTP transport (tests with loopback stand-ins). */
  static CloudLoggingCollector create(CollectorSettings settings, HttpTransportFactory authTransport) {
    return new CloudLoggingCollector(requireNonNull(settings, "settings"), Optional.of(authTransport));
  }

  /** The settings this collector runs with. */
  public CollectorSettings settings() {
    return settings;
  }

  /** Collects every configured resource name; the normalized events are not kept. */
  public CollectionResult collect(CollectionListener listener) {
    return collect(listener, event -> { });
  }

  /**
   * Collects every configured resource name, in order, passing each normalized event to {@code events}.
   *
   * @throws CollectionFailedException when Cloud Logging keeps failing after the retries: the message says
   *     how far the checkpoint got, {@link CollectionFailedException#partial()} counts what was written
   * @throws CrossTrailException when credentials cannot be loaded, the output directory cannot be written,
   *     or another run holds the directory
   * @throws dev.crosstrail.io.MalformedRecordException in strict mode, at the first entry that cannot be
   *     converted or normalized
   */
  public CollectionResult collect(CollectionListener listener, Consumer<AuditEvent> events) {
    requireNonNull(listener, "listener");
    requireNonNull(events, "events");
    Path out = settings.outputDirectory();
    try {
      Files.createDirectories(out);
    } catch (IOException e) {
      throw new CrossTrailException("Cannot create the output directory " + out + ": " + e.getMessage(), e);
    }
    Instant now = settings.clock().instant();
    Instant windowEnd = settings.end().orElse(now);
    if (!windowEnd.isAfter(settings.start())) {
      throw new IllegalArgumentException("the window end " + windowEnd + " is not after the start "
          + settings.start());
    }
    try (FileChannel lockChannel = FileChannel.open(out.resolve(LOCK_FILE), StandardOpenOption.CREATE,
        StandardOpenOption.WRITE);
        FileLock lock = tryLock(lockChannel, out)) {
      Optional<Credentials> credentials = GoogleAuth.create(settings.credentials(), settings.impersonation(),
          authTransport);
      AtomicReference<String> current = new AtomicReference<>("");
      try (LoggingClients.Opened opened = LoggingClients.open(settings, credentials, listener, current::get)) {
        CheckpointStore checkpoints = new CheckpointStore(out);
        SinkWriter writer = new SinkWriter(out);
        SourceCollector collector = new SourceCollector(settings, opened.client(), checkpoints, writer, listener,
            events);
        List<SourceResult> results = new ArrayList<>();
        for (String resourceName : settings.resourceNames()) {
          current.set(resourceName);
          results.add(collector.collect(resourceName, windowEnd, now));
        }
        return new CollectionResult(out, results);
      }
    } catch (IOException e) {
      throw new CrossTrailException("Cannot collect into " + out + ": " + e.getMessage(), e);
    }
  }

  private static FileLock tryLock(FileChannel channel, Path out) throws IOException {
    FileLock lock;
    try {
      lock = channel.tryLock();
    } catch (OverlappingFileLockException e) {
      lock = null;
    }
    if (lock == null) {
      throw new CrossTrailException("Another collection is writing to " + out + " (it holds " + LOCK_FILE
          + "); wait for it to finish or choose another output directory.");
    }
    return lock;
  }
}
