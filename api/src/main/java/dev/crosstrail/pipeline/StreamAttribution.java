package dev.crosstrail.pipeline;

import static java.util.Objects.requireNonNull;

import dev.crosstrail.graph.Attribution;
import dev.crosstrail.graph.PrincipalDirectory;
import dev.crosstrail.graph.PrincipalGraph;
import dev.crosstrail.io.AuditLogs;
import dev.crosstrail.io.CrossTrailException;
import dev.crosstrail.io.ParallelTasks;
import dev.crosstrail.io.ReadOptions;
import dev.crosstrail.io.ReadReport;
import dev.crosstrail.model.AuditEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import java.util.stream.Stream;

/**
 * Attributes every record of a set of log files with memory that grows with principals and
 * sessions, not with records, and parses each file once.
 *
 * <pre>{@code
 * Result r = StreamAttribution.using(AuditLogs.load())
 *     .directory(directory)
 *     .run(List.of(Path.of("exports")), ReadOptions.DEFAULTS, (event, attribution) -> ...);
 * r.report().rejected();   // what could not be read, with locations
 * }</pre>
 *
 * <p>Identity records may come after the actions they explain (another file, a later hour), so no
 * action can be answered while the logs are still being read. The first pass reads the logs, adds
 * every record to a graph that keeps identity state only, and spills each normalized record to a
 * compact binary file on local disk (one per reader thread); the second pass reads the spill files
 * back in parallel and attributes each record against the finished graph. Reading the spill costs a
 * fraction of parsing and normalizing JSON again, which is what a second read of the logs would cost.
 * The spill takes about 170 bytes per record (an eighth of the uncompressed logs) and is deleted when
 * the run ends, whether it succeeds or fails.
 *
 * <p>The sink is called from several threads at once when the logs object reads in parallel, and
 * receives the records in no particular order.
 */
public final class StreamAttribution {

  private final AuditLogs logs;
  private final PrincipalDirectory directory;
  private final Optional<Path> spillDirectory;

  private StreamAttribution(AuditLogs logs, PrincipalDirectory directory, Optional<Path> spillDirectory) {
    this.logs = logs;
    this.directory = directory;
    this.spillDirectory = spillDirectory;
  }

  /** A run that reads with {@code logs} (its formats and parallelism), with no directory. */
  public static StreamAttribution using(AuditLogs logs) {
    return new StreamAttribution(requireNonNull(logs, "logs"), PrincipalDirectory.empty(), Optional.empty());
  }

  /** Identifier maps that resolve ids the logs alone do not. */
  public StreamAttribution directory(PrincipalDirectory directory) {
    return new StreamAttribution(logs, requireNonNull(directory, "directory"), spillDirectory);
  }

  /**
   * Where to write the spill files (default: the JVM's temporary directory, {@code java.io.tmpdir}).
   * Choose a local disk with room for about 170 bytes per record (an eighth of the uncompressed logs).
   */
  public StreamAttribution spillDirectory(Path directory) {
    return new StreamAttribution(logs, this.directory, Optional.of(requireNonNull(directory, "directory")));
  }

  /**
   * What a run read and built.
   *
   * @param report every input file with its read / normalized / rejected counts and rejections
   * @param graph the identity graph the records were attributed against (stream mode: no actions)
   * @param attributed how many records went to the sink; equals {@code report.normalized()}
   * @param spillBytes the size the spill files reached before they were deleted
   * @param reading the first pass: parsing, normalizing, building the graph, writing the spill
   * @param attributing the second pass: reading the spill and attributing (including the sink's time)
   */
  public record Result(ReadReport report, PrincipalGraph graph, long attributed, long spillBytes, Duration reading,
      Duration attributing) {
    public Result {
      requireNonNull(report, "report");
      requireNonNull(graph, "graph");
      requireNonNull(reading, "reading");
      requireNonNull(attributing, "attributing");
    }
  }

  /**
   * Reads {@code paths} (files and directories of either cloud, as {@link AuditLogs#read(List,
   * ReadOptions, java.util.function.Consumer)} takes them) and hands every normalized record with its
   * attribution to {@code sink}.
   *
   * @throws dev.crosstrail.io.MalformedRecordException in strict mode, at the first bad record (no
   *     record has reached the sink then)
   * @throws CrossTrailException when the spill cannot be written or read (disk full, directory not
   *     writable): the message names the file
   * @throws RuntimeException what the sink threw: the run stops, and no sink call runs after this
   *     method has thrown; the spill is deleted either way
   */
  public Result run(List<Path> paths, ReadOptions options, BiConsumer<AuditEvent, Attribution> sink) {
    requireNonNull(paths, "paths");
    requireNonNull(options, "options");
    requireNonNull(sink, "sink");
    PrincipalGraph graph = PrincipalGraph.builder().directory(directory).retainActions(false).build();
    Path dir = createSpillDirectory();
    Map<Thread, Lane> lanes = new ConcurrentHashMap<>();
    long started = System.nanoTime();
    try {
      ReadReport report;
      try {
        report = logs.read(paths, options, event -> lanes.computeIfAbsent(Thread.currentThread(), t -> newLane(dir))
            .accept(event, graph));
      } catch (RuntimeException e) {
        lanes.values().forEach(Lane::closeQuietly);
        throw e;
      }
      RuntimeException finishing = null;
      for (Lane lane : lanes.values()) {
        try {
          lane.finish(graph);
        } catch (RuntimeException e) {
          // Finish (and so close) every lane before reporting the first failure.
          if (finishing == null) {
            finishing = e;
          } else {
            finishing.addSuppressed(e);
          }
        }
      }
      if (finishing != null) {
        throw finishing;
      }
      long spillBytes = 0;
      List<Path> spills = new ArrayList<>();
      for (Lane lane : lanes.values()) {
        spills.add(lane.spill.file());
        spillBytes += size(lane.spill.file());
      }
      long read = System.nanoTime();
      long attributed = attributeSpilled(spills, graph, sink);
      return new Result(report, graph, attributed, spillBytes, Duration.ofNanos(read - started),
          Duration.ofNanos(System.nanoTime() - read));
    } finally {
      deleteQuietly(dir);
    }
  }

  /** Second pass: one task per spill file, each attributing its records in the order they were read. */
  private long attributeSpilled(List<Path> spills, PrincipalGraph graph, BiConsumer<AuditEvent, Attribution> sink) {
    if (spills.size() == 1) {
      return attributeFile(spills.get(0), graph, sink);
    }
    List<Callable<Long>> tasks = new ArrayList<>();
    for (Path spill : spills) {
      tasks.add(() -> attributeFile(spill, graph, sink));
    }
    long total = 0;
    for (long count : ParallelTasks.run(tasks, spills.size(), "crosstrail-attribute", "attributing records")) {
      total += count;
    }
    return total;
  }

  /** Records attributed per acquisition of the graph's read lock in the second pass. */
  private static final int ATTRIBUTION_BATCH = 256;

  /**
   * Attributes a spill file's records in batches: the graph's read lock is taken once per batch (two
   * threads taking it per record contend for it), and the sink is called outside it.
   */
  private static long attributeFile(Path file, PrincipalGraph graph, BiConsumer<AuditEvent, Attribution> sink) {
    long count = 0;
    List<AuditEvent> batch = new ArrayList<>(ATTRIBUTION_BATCH);
    try (EventSpill.Reader reader = new EventSpill.Reader(file)) {
      for (Optional<AuditEvent> next = reader.next(); next.isPresent(); next = reader.next()) {
        batch.add(next.get());
        if (batch.size() == ATTRIBUTION_BATCH) {
          count += attributeBatch(batch, graph, sink);
        }
      }
      return count + attributeBatch(batch, graph, sink);
    } catch (IOException e) {
      throw new CrossTrailException(spillFailure(file, "read", e), e);
    }
  }

  /** Attributes and hands on {@code batch}, then empties it; returns how many records it held. */
  private static int attributeBatch(List<AuditEvent> batch, PrincipalGraph graph,
      BiConsumer<AuditEvent, Attribution> sink) {
    List<Attribution> answers = graph.attributeAll(batch);
    for (int i = 0; i < batch.size(); i++) {
      sink.accept(batch.get(i), answers.get(i));
    }
    int n = batch.size();
    batch.clear();
    return n;
  }

  private Path createSpillDirectory() {
    Path under = spillDirectory.orElse(Path.of(System.getProperty("java.io.tmpdir")));
    // A missing directory is a typo more often than a wish: creating it would leave the spill somewhere
    // the user does not look (and on whatever disk that path happens to be).
    if (!Files.isDirectory(under)) {
      throw new CrossTrailException("Cannot spill under " + under + ": " + (Files.exists(under) ? "not a directory"
          : "no such directory") + "; give an existing, writable local directory (" + SPILL_OPTION + ")");
    }
    try {
      return Files.createTempDirectory(under, "crosstrail-spill-");
    } catch (IOException e) {
      throw new CrossTrailException("Cannot create a spill directory under " + under + ": " + e
          + "; give an existing, writable local directory (" + SPILL_OPTION + ")", e);
    }
  }

  /**
   * What one reader thread owns in the first pass: its spill file, and the records it has yet to add
   * to the graph. Adding in batches takes the graph's lock once per batch instead of once per record,
   * for which the reader threads would otherwise queue.
   */
  private static final class Lane {
    private static final int BATCH = 512;

    private final EventSpill.Writer spill;
    private final List<AuditEvent> pending = new ArrayList<>(BATCH);

    private Lane(EventSpill.Writer spill) {
      this.spill = spill;
    }

    void accept(AuditEvent event, PrincipalGraph graph) {
      try {
        spill.write(event);
      } catch (IOException e) {
        throw new CrossTrailException(spillFailure(spill.file(), "write", e), e);
      }
      pending.add(event);
      if (pending.size() == BATCH) {
        graph.addAll(pending);
        pending.clear();
      }
    }

    /** Called once the read is over, from the thread that started it; closes the spill whatever happens. */
    void finish(PrincipalGraph graph) {
      try {
        graph.addAll(pending);
        pending.clear();
      } finally {
        try {
          spill.close();
        } catch (IOException e) {
          throw new CrossTrailException(spillFailure(spill.file(), "write", e), e);
        }
      }
    }

    void closeQuietly() {
      try {
        spill.close();
      } catch (IOException e) {
        // The run already failed for another reason, which is the one to report; the files are deleted next.
      }
    }
  }

  private static Lane newLane(Path dir) {
    Path file = dir.resolve("events-" + Thread.currentThread().getId() + ".spill");
    try {
      return new Lane(new EventSpill.Writer(file));
    } catch (IOException e) {
      throw new CrossTrailException(spillFailure(file, "create", e), e);
    }
  }

  /** Where the spill directory is chosen, for messages read by library and command-line users alike. */
  private static final String SPILL_OPTION = "the CLI's crosstrail attribute --spill-dir DIR, the library's"
      + " StreamAttribution.spillDirectory(dir)";

  private static String spillFailure(Path file, String what, IOException e) {
    return "Cannot " + what + " spill file " + file + ": " + e.getMessage()
        + "; free disk space there, or spill to another local directory (" + SPILL_OPTION + ")";
  }

  private static long size(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      return 0;
    }
  }

  private static void deleteQuietly(Path dir) {
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        Files.deleteIfExists(f);
      }
      Files.deleteIfExists(dir);
    } catch (IOException | UncheckedIOException e) {
      // Best effort: a leftover spill in the temporary directory must not turn a finished run into a failure.
    }
  }
}
