package dev.crosstrail.bench;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import dev.crosstrail.graph.PrincipalGraph;
import dev.crosstrail.io.AuditLogs;
import dev.crosstrail.io.ReadOptions;
import dev.crosstrail.io.ReadReport;
import dev.crosstrail.model.AuditEvent;
import dev.crosstrail.pipeline.StreamAttribution;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * The whole-run benchmark: generates (or reuses) a corpus, then measures side by side the floor
 * (decompress + Jackson tokenization of the same bytes), {@code normalize} (AuditLogs over the
 * directory) and {@code attribute} (pass 1: the graph from identity records; pass 2: every action
 * attributed as it streams by), each with wall time, records/s, ratio to the floor, peak heap and
 * CPU utilisation. {@code --mode trace} measures {@link PrincipalGraph#trace} latency instead.
 *
 * <pre>{@code
 * java -Xmx2g -cp benchmarks/target/benchmarks.jar dev.crosstrail.bench.WholeRun --records 1000000
 * }</pre>
 */
public final class WholeRun {

  private static final String MARKER = ".crosstrail-corpus";

  private WholeRun() {}

  /** One measured phase. */
  record Result(String phase, long records, double seconds, long peakHeap, double cpuSeconds, String note) {
    double perSecond() {
      return records / seconds;
    }
  }

  /** Runs the benchmark: {@code --records N --dir PATH --threads N --seed N --mode whole|trace --traces N}. */
  public static void main(String[] args) throws Exception {
    long records = 1_000_000;
    long seed = 42;
    Path dir = null;
    int threads = Runtime.getRuntime().availableProcessors();
    String mode = "whole";
    int traces = 20_000;
    boolean warmup = false;
    int rounds = 1;
    List<String> phases = List.of("floor", "normalize", "attribute");
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--records" -> records = Long.parseLong(args[++i].replace("_", ""));
        case "--seed" -> seed = Long.parseLong(args[++i]);
        case "--dir" -> dir = Path.of(args[++i]);
        case "--threads" -> threads = Integer.parseInt(args[++i]);
        case "--mode" -> mode = args[++i];
        case "--traces" -> traces = Integer.parseInt(args[++i]);
        case "--phases" -> phases = Arrays.asList(args[++i].split(","));
        case "--warmup" -> warmup = true;
        case "--rounds" -> {
          rounds = Integer.parseInt(args[++i]);
          if (rounds < 1) {
            throw new IllegalArgumentException("--rounds must be at least 1, got " + rounds);
          }
        }
        default -> {
          System.err.println("unknown option " + args[i] + "; expected --records N, --dir PATH, --threads N, "
              + "--seed N, --mode whole|trace, --traces N, --phases floor,normalize,attribute, --warmup, --rounds N");
          System.exit(2);
        }
      }
    }
    if (dir == null) {
      dir = Path.of("target", "corpus-" + seed + "-" + records);
    }
    corpus(dir, seed, records);
    List<Path> files = AuditLogs.expand(List.of(dir));
    long bytes = 0;
    for (Path f : files) {
      bytes += Files.size(f);
    }
    System.out.printf(Locale.ROOT, "corpus %s: %,d records in %,d files (%,.1f MiB on disk), seed %d%n", dir, records,
        files.size(), bytes / 1048576.0, seed);
    // the flags change the figures (collector, JIT inlining budgets): a table says how it was taken
    System.out.printf(Locale.ROOT, "java %s, %d cores, max heap %,d MiB, %d threads, JVM flags: %s%n%n",
        System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(),
        Runtime.getRuntime().maxMemory() >> 20, threads,
        String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments()));
    if (mode.equals("trace")) {
      trace(dir, threads, traces);
      return;
    }
    if (warmup) {
      List<Path> some = files.subList(0, Math.min(files.size(), 60));
      for (String phase : phases) {
        run(phase, some, threads);
      }
      System.out.printf(Locale.ROOT, "  warmed up: every phase once over the first %d files (not measured)%n",
          some.size());
    }
    // Later rounds run on a JVM whose compiler has seen every phase over the whole corpus: the
    // steady state of a long run, where the first round includes compiling the normalizers.
    for (int round = 1; round <= rounds; round++) {
      if (rounds > 1) {
        System.out.printf(Locale.ROOT, "round %d of %d%n", round, rounds);
      }
      List<Result> results = new ArrayList<>();
      Result floor = null;
      for (String phase : phases) {
        Result r = run(phase, files, threads);
        if (phase.equals("floor")) {
          floor = r;
        }
        results.add(r);
        System.out.printf(Locale.ROOT, "  %s done in %.2f s%s%n", phase, r.seconds(),
            r.note().isEmpty() ? "" : " (" + r.note() + ")");
      }
      System.out.println();
      print(results, floor, threads);
      System.out.println();
    }
  }

  private static Result run(String phase, List<Path> files, int threads) throws Exception {
    return switch (phase) {
      case "floor" -> floor(files, threads);
      case "normalize" -> normalize(files, threads);
      case "attribute" -> attribute(files, threads);
      default -> throw new IllegalArgumentException("unknown phase " + phase + " (floor, normalize, attribute)");
    };
  }

  // ---------------------------------------------------------------- corpus

  private static void corpus(Path dir, long seed, long records) throws IOException {
    Path marker = dir.resolve(MARKER);
    String wanted = "seed=" + seed + " records=" + records + "\n";
    if (Files.exists(marker) && Files.readString(marker).equals(wanted)) {
      return;
    }
    if (Files.isDirectory(dir)) {
      try (Stream<Path> list = Files.list(dir)) {
        if (list.findAny().isPresent() && !Files.exists(marker)) {
          throw new IllegalArgumentException(dir + " is not empty and holds no generated corpus: choose another --dir");
        }
      }
      deleteTree(dir);
    }
    System.out.printf(Locale.ROOT, "generating %,d records (seed %d) into %s …%n", records, seed, dir);
    long t0 = System.nanoTime();
    CorpusGenerator.Stats stats = new CorpusGenerator(seed, records, dir).generate();
    System.out.printf(Locale.ROOT, "generated %,d files in %.1f s (%,d identity records, %,d delivered late)%n",
        stats.files(), (System.nanoTime() - t0) / 1e9, stats.identityRecords(), stats.delayed());
    Files.writeString(marker, wanted);
  }

  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
        Files.delete(p);
      }
    }
  }

  // ---------------------------------------------------------------- phases

  /** Decompress + {@code JsonParser.nextToken()} over every file: the cost no reader can avoid. */
  static Result floor(List<Path> files, int threads) throws Exception {
    JsonFactory factory = JsonFactory.builder()
        .streamReadConstraints(StreamReadConstraints.builder().maxStringLength(16 * 1024 * 1024).build()).build();
    return measure("floor", () -> {
      LongAdder records = new LongAdder();
      parallel(files, threads, file -> {
        try (InputStream in = open(file); JsonParser p = factory.createParser(in)) {
          int depth = 0;
          int recordDepth = -1;
          long n = 0;
          JsonToken t;
          while ((t = p.nextToken()) != null) {
            if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
              if (recordDepth < 0) {
                recordDepth = t == JsonToken.START_OBJECT && isTrail(file) ? 2 : 0;
              }
              if (t == JsonToken.START_OBJECT && depth == recordDepth) {
                n++;
              }
              depth++;
            } else if (t == JsonToken.END_OBJECT || t == JsonToken.END_ARRAY) {
              depth--;
            }
          }
          records.add(n);
        }
      });
      return new Outcome(records.sum(), "");
    });
  }

  private static boolean isTrail(Path file) {
    return file.getFileName().toString().endsWith(".json.gz");
  }

  /** Opens a corpus file, decompressing it when it is gzip (used by the JMH setup too). */
  public static InputStream openForBenchmarks(Path file) throws IOException {
    return open(file);
  }

  static InputStream open(Path file) throws IOException {
    BufferedInputStream raw = new BufferedInputStream(Files.newInputStream(file), 64 * 1024);
    raw.mark(2);
    int b1 = raw.read();
    int b2 = raw.read();
    raw.reset();
    return b1 == 0x1f && b2 == 0x8b ? new BufferedInputStream(new GZIPInputStream(raw, 64 * 1024), 64 * 1024) : raw;
  }

  /** AuditLogs over the directory, every event counted and discarded. */
  static Result normalize(List<Path> files, int threads) throws Exception {
    AuditLogs logs = AuditLogs.load().withParallelism(threads);
    return measure("normalize", () -> {
      LongAdder events = new LongAdder();
      ReadReport report = logs.read(files, ReadOptions.DEFAULTS, e -> events.increment());
      return new Outcome(report.read(), report.rejected() == 0 ? "" : report.rejected() + " rejected");
    });
  }

  /**
   * The whole pipeline in stream mode, as {@code crosstrail attribute} runs it: {@link StreamAttribution}
   * parses every file once, builds the identity graph and spills the normalized records, then reads
   * the spill back and attributes every record against the finished graph.
   */
  static Result attribute(List<Path> files, int threads) throws Exception {
    AuditLogs logs = AuditLogs.load().withParallelism(threads);
    return measure("attribute", () -> {
      LongAdder actions = new LongAdder();
      LongAdder withOrigin = new LongAdder();
      StreamAttribution.Result run = StreamAttribution.using(logs).run(files, ReadOptions.DEFAULTS, (e, a) -> {
        if (!e.identityEstablishing()) {
          actions.increment();
          if (!a.ambiguous() && a.gaps().isEmpty()) {
            withOrigin.increment();
          }
        }
      });
      System.gc();
      long graphHeap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
      return new Outcome(run.report().read(), String.format(Locale.ROOT,
          "pass 1 (read, graph, spill) %.1f s: %,d hops, %,d principals, spill %,d MiB, heap after GC %,d MiB; "
              + "pass 2 (attribute from spill) %.1f s: %,d records attributed, %,d of %,d actions without gap or "
              + "ambiguity",
          run.reading().toMillis() / 1e3, run.graph().hopCount(), run.graph().principalCount(),
          run.spillBytes() >> 20, graphHeap >> 20, run.attributing().toMillis() / 1e3, run.attributed(),
          withOrigin.sum(), actions.sum()));
    });
  }

  /** Loads the whole corpus into a graph that retains actions, then times traces of random actions. */
  static void trace(Path dir, int threads, int traces) throws Exception {
    AuditLogs logs = AuditLogs.load().withParallelism(threads);
    PrincipalGraph graph = PrincipalGraph.create();
    String[] sample = new String[100_000];
    AtomicLong seen = new AtomicLong();
    long t0 = System.nanoTime();
    ReadReport report = logs.read(List.of(dir), ReadOptions.DEFAULTS, e -> {
      graph.add(e);
      if (!e.identityEstablishing()) {
        long n = seen.getAndIncrement();
        if (n < sample.length) {
          sample[(int) n] = e.id();
        } else {
          long j = ThreadLocalRandom.current().nextLong(n + 1);
          if (j < sample.length) {
            sample[(int) j] = e.id();
          }
        }
      }
    });
    double load = (System.nanoTime() - t0) / 1e9;
    System.gc();
    long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    System.out.printf(Locale.ROOT, "loaded %,d records into the graph in %.1f s (%,d hops, %,d principals); "
        + "heap after GC %,d MiB%n", report.read(), load, graph.hopCount(), graph.principalCount(), heap >> 20);
    int n = (int) Math.min(seen.get(), sample.length);
    long[] nanos = new long[traces];
    long found = 0;
    for (int warm = 0; warm < Math.min(traces, 5_000); warm++) {
      found += graph.trace(sample[warm % n]).isPresent() ? 1 : 0;
    }
    found = 0;
    for (int i = 0; i < traces; i++) {
      String id = sample[(int) ((i * 2654435761L) % n)];
      long s = System.nanoTime();
      found += graph.trace(id).isPresent() ? 1 : 0;
      nanos[i] = System.nanoTime() - s;
    }
    Arrays.sort(nanos);
    System.out.printf(Locale.ROOT, "trace of %,d random actions (%,d found): median %.1f µs, p99 %.1f µs, "
        + "max %.1f µs%n", traces, found, nanos[traces / 2] / 1e3, nanos[(int) (traces * 0.99)] / 1e3,
        nanos[traces - 1] / 1e3);
  }

  // ---------------------------------------------------------------- measurement

  record Outcome(long records, String note) {}

  interface Body {
    Outcome run() throws Exception;
  }

  interface FileTask {
    void run(Path file) throws IOException;
  }

  static void parallel(List<Path> files, int threads, FileTask task) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (Path f : files) {
        futures.add(pool.submit(() -> {
          try {
            task.run(f);
          } catch (IOException e) {
            throw new UncheckedIOException(f.toString(), e);
          }
        }));
      }
      for (Future<?> f : futures) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * Times one phase after a GC, with the heap pools' peaks reset and the used heap sampled every
   * 5 ms, and the process CPU time before and after.
   */
  static Result measure(String phase, Body body) throws Exception {
    System.gc();
    System.gc();
    List<MemoryPoolMXBean> pools = ManagementFactory.getMemoryPoolMXBeans().stream()
        .filter(p -> p.getType() == MemoryType.HEAP).toList();
    pools.forEach(MemoryPoolMXBean::resetPeakUsage);
    AtomicLong sampled = new AtomicLong(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
    Thread sampler = new Thread(() -> {
      while (!Thread.currentThread().isInterrupted()) {
        sampled.accumulateAndGet(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(), Math::max);
        try {
          Thread.sleep(5);
        } catch (InterruptedException e) {
          return;
        }
      }
    }, "heap-sampler");
    sampler.setDaemon(true);
    com.sun.management.OperatingSystemMXBean os =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    long cpu0 = os.getProcessCpuTime();
    sampler.start();
    long t0 = System.nanoTime();
    Outcome outcome = body.run();
    double seconds = (System.nanoTime() - t0) / 1e9;
    long cpu1 = os.getProcessCpuTime();
    sampler.interrupt();
    sampler.join();
    return new Result(phase, outcome.records(), seconds, sampled.get(), (cpu1 - cpu0) / 1e9, outcome.note());
  }

  static void print(List<Result> results, Result floor, int threads) {
    int cores = Runtime.getRuntime().availableProcessors();
    System.out.printf(Locale.ROOT, "%-10s %12s %9s %12s %9s %14s %16s%n", "phase", "records", "wall s", "records/s",
        "x floor", "peak heap MiB", "CPU used/cores");
    for (Result r : results) {
      String ratio = floor == null ? "-" : String.format(Locale.ROOT, "%.2f", r.seconds() / floor.seconds());
      System.out.printf(Locale.ROOT, "%-10s %,12d %9.2f %,12.0f %9s %,14d %9.2f / %d%n", r.phase(), r.records(),
          r.seconds(), r.perSecond(), ratio, r.peakHeap() >> 20, r.cpuSeconds() / r.seconds(), cores);
    }
    for (Result r : results) {
      if (!r.note().isEmpty()) {
        System.out.printf(Locale.ROOT, "%s: %s%n", r.phase(), r.note());
      }
    }
    System.out.println("(peak heap: used heap sampled every 5 ms after a GC; CPU: process CPU time / wall time, "
        + threads + " reader threads; GC and JIT threads count too)");
  }
}
