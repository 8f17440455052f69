package dev.crosstrail.io;

import static java.util.Objects.requireNonNull;

import dev.crosstrail.model.AuditEvent;
import dev.crosstrail.model.RecordLocation;
import dev.crosstrail.spi.AuditLogFormat;
import dev.crosstrail.spi.Head;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * Reads audit logs of both clouds from files, directories and streams. The format of each source
 * is recognised from its content (gzip or not, then the JSON shape), never from its name, and the
 * source is streamed through the provider that recognised it.
 *
 * <pre>{@code
 * AuditLogs logs = AuditLogs.load();
 * List<AuditEvent> events = Collections.synchronizedList(new ArrayList<>()); // files are read in parallel
 * ReadReport report = logs.read(List.of(Path.of("exported-logs")), ReadOptions.DEFAULTS, events::add);
 * }</pre>
 *
 * <p>Directories are walked recursively in path order, following symbolic links; CloudTrail digest
 * files ({@code CloudTrail-Digest/}) are skipped because they hold hashes, not events, CloudTrail
 * Insights files ({@code CloudTrail-Insight/}) because they summarise call rates and record no call,
 * and hidden files and directories because they are not exports; each is listed in
 * {@link ReadReport#skipped()}.
 * Files are read in parallel, so the sink must be thread-safe when {@code parallelism > 1}.
 */
public final class AuditLogs {

  /** How many bytes of a source are shown to the formats to recognise it. */
  static final int HEAD_BYTES = 64 * 1024;

  private final List<AuditLogFormat> formats;
  private final int parallelism;
  /** Every rejection of every source, one call at a time; by default none. */
  private final Consumer<? super Rejection> rejections;

  private AuditLogs(List<AuditLogFormat> formats, int parallelism, Consumer<? super Rejection> rejections) {
    this.formats = List.copyOf(formats);
    this.parallelism = parallelism;
    this.rejections = rejections;
  }

  /**
   * The formats found on the class path with {@link ServiceLoader}, reading up to one file per
   * available processor at a time.
   *
   * @throws CrossTrailException when no provider is on the class path
   */
  public static AuditLogs load() {
    List<AuditLogFormat> found = new ArrayList<>();
    ServiceLoader.load(AuditLogFormat.class).forEach(found::add);
    if (found.isEmpty()) {
      throw new CrossTrailException("No audit log format found on the class path. Add dev.crosstrail:crosstrail-aws "
          + "and/or dev.crosstrail:crosstrail-gcp as a dependency.");
    }
    return new AuditLogs(found, Runtime.getRuntime().availableProcessors(), NO_LISTENER);
  }

  /** Reads with exactly these formats, tried in order. */
  public static AuditLogs of(List<AuditLogFormat> formats) {
    if (formats.isEmpty()) {
      throw new IllegalArgumentException("at least one format is needed");
    }
    return new AuditLogs(formats, Runtime.getRuntime().availableProcessors(), NO_LISTENER);
  }

  /** The same formats, reading at most {@code parallelism} files at a time. */
  public AuditLogs withParallelism(int parallelism) {
    if (parallelism < 1) {
      throw new IllegalArgumentException("parallelism must be at least 1, got " + parallelism);
    }
    return new AuditLogs(formats, parallelism, rejections);
  }

  /**
   * The same reader, also passing every rejected record to {@code listener} as it is counted. A
   * {@link SourceSummary} keeps only a source's first {@value SourceSummary#MAX_KEPT_REJECTIONS}
   * rejections, so that memory does not grow with a broken file; the listener sees all of them, to
   * list or store each lost record. Calls come from the reading threads, one at a time (the listener
   * need not be thread-safe), in each source's order; with several files read at once, sources
   * interleave. It replaces any listener given before.
   */
  public AuditLogs onRejection(Consumer<? super Rejection> listener) {
    requireNonNull(listener, "listener");
    Object lock = new Object();
    return new AuditLogs(formats, parallelism, rejection -> {
      synchronized (lock) {
        listener.accept(rejection);
      }
    });
  }

  private static final Consumer<Rejection> NO_LISTENER = rejection -> { };

  /** The tally of one source, passing its rejections on to the listener. */
  private Tally tally(String source, ReadOptions options) {
    return new Tally(source, options, rejections);
  }

  /** The formats this reader tries. */
  public List<AuditLogFormat> formats() {
    return formats;
  }

  /**
   * Lists the files that {@link #read(List, ReadOptions, Consumer)} would read: the given files,
   * and the regular files under the given directories (symbolic links followed) in path order,
   * without CloudTrail digests and hidden files. A file named twice, or reached through two of the
   * paths or links, is listed once. A named path that is neither a file nor a directory (a named pipe,
   * {@code /dev/stdin}, a shell's process substitution) is listed too, and read once as a stream.
   *
   * @throws CrossTrailException when a path does not exist
   */
  public static List<Path> expand(List<Path> paths) {
    return list(paths).files().stream().map(Source::file).toList();
  }

  /** A file to read, and whether the user named it (rather than it being found in a directory). */
  private record Source(Path file, boolean named) {
  }

  /** The files to read, and what was found in the directories but is not read, with the reason. */
  private record Listing(List<Source> files, List<ReadReport.SkippedFile> skipped) {
  }

  private static Listing list(List<Path> paths) {
    Map<Object, Source> files = new LinkedHashMap<>();
    // by real path: a directory named twice, or inside another one named, lists what it skips once
    Map<Path, ReadReport.SkippedFile> skipped = new LinkedHashMap<>();
    for (Path path : paths) {
      if (Files.isDirectory(path)) {
        List<Path> found = new ArrayList<>();
        walk(path, found, skipped);
        found.stream().sorted().forEach(p -> files.putIfAbsent(key(p), new Source(p, false)));
      } else if (Files.isRegularFile(path)) {
        files.merge(key(path), new Source(path, true), (was, now) -> new Source(was.file(), true));
      } else if (Files.exists(path)) {
        // a named pipe, /dev/stdin, a shell's <(…): read once as a stream, which is all a read needs; keyed
        // by the pipe itself, as /dev/stdin and /dev/fd/0 name one pipe that two reads would split between them
        files.putIfAbsent(pipeKey(path), new Source(path, true));
      } else {
        throw new CrossTrailException("No such file or directory: " + path);
      }
    }
    return new Listing(List.copyOf(files.values()), List.copyOf(skipped.values()));
  }

  /**
   * Walks {@code root}, following symbolic links (exports are often linked in from elsewhere): audit
   * files go to {@code found}; digests, hidden entries, link loops and unreadable entries to
   * {@code skipped}, so that nothing under the root goes unmentioned.
   */
  private static void walk(Path root, List<Path> found, Map<Path, ReadReport.SkippedFile> skipped) {
    Path realRoot = key(root);
    try {
      Files.walkFileTree(root, EnumSet.of(FileVisitOption.FOLLOW_LINKS), Integer.MAX_VALUE,
          new SimpleFileVisitor<>() {
            private void skip(Path p, String reason) {
              skipped.putIfAbsent(key(p), new ReadReport.SkippedFile(p.toString(), reason));
            }

            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
              if (dir.equals(root)) {
                return FileVisitResult.CONTINUE;
              }
              if (isHidden(dir)) {
                skip(dir, "hidden directory: not read");
                return FileVisitResult.SKIP_SUBTREE;
              }
              if (dir.getFileName().toString().equals(DIGEST_DIRECTORY)) {
                skip(dir, DIGEST_REASON);
                return FileVisitResult.SKIP_SUBTREE;
              }
              if (dir.getFileName().toString().equals(INSIGHT_DIRECTORY)) {
                skip(dir, INSIGHT_REASON);
                return FileVisitResult.SKIP_SUBTREE;
              }
              if (Files.isSymbolicLink(dir) && realRoot.startsWith(key(dir))) {
                // a link up to an ancestor (logs/up -> ..) would read everything beside the directory named
                skip(dir, "symbolic link to a directory that contains the one being read: not followed");
                return FileVisitResult.SKIP_SUBTREE;
              }
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
              if (attrs.isSymbolicLink()) {
                skip(file, "broken symbolic link: its target does not exist");
              } else if (!attrs.isRegularFile()) {
                skip(file, "not a regular file");
              } else if (isHidden(file)) {
                skip(file, "hidden file: not read");
              } else if (file.getFileName().toString().contains("_CloudTrail-Digest_")) {
                skip(file, DIGEST_REASON);
              } else if (file.getFileName().toString().contains("_CloudTrail-Insight_")) {
                skip(file, INSIGHT_REASON);
              } else {
                found.add(file);
              }
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
              boolean loop = e instanceof FileSystemLoopException;
              String reason = loop ? "symbolic link loop: leads back to a directory already being read"
                  : "cannot read: " + ioReason(e);
              // keyed by the link itself: a loop's target is a directory that is read
              skipped.putIfAbsent(file.toAbsolutePath().normalize(), new ReadReport.SkippedFile(file.toString(),
                  reason, !loop));
              return FileVisitResult.CONTINUE;
            }
          });
    } catch (IOException e) {
      throw new CrossTrailException("Cannot list directory " + root + ": " + e.getMessage(), e);
    }
  }

  private static final String DIGEST_DIRECTORY = "CloudTrail-Digest";
  private static final String DIGEST_REASON =
      "CloudTrail digest (log-file integrity hashes, not events): not read";
  /** Where a trail delivers its Insights events: {@code AWSLogs/ACCOUNT/CloudTrail-Insight/REGION/…}. */
  private static final String INSIGHT_DIRECTORY = "CloudTrail-Insight";
  private static final String INSIGHT_REASON =
      "CloudTrail Insights events (summaries of unusual call rates, not records of calls): not read";

  /** One key per file, however it is reached: through a link, a relative path or a second root. */
  private static Path key(Path p) {
    try {
      return p.toRealPath();
    } catch (IOException e) {
      return p.toAbsolutePath().normalize();
    }
  }

  /** What a pipe is, whatever it is reached through: its device and inode where the system has them. */
  private static Object pipeKey(Path p) {
    try {
      Object fileKey = Files.readAttributes(p, java.nio.file.attribute.BasicFileAttributes.class).fileKey();
      return fileKey != null ? fileKey : key(p);
    } catch (IOException e) {
      return key(p);
    }
  }

  private static boolean isHidden(Path p) {
    Path name = p.getFileName();
    return name != null && name.toString().startsWith(".");
  }

  /**
   * Reads files and directories of either cloud, mixed. Every file named in {@code paths} gets a
   * summary, including one that is not an audit log at all (one rejection saying so). A file found
   * while walking a directory that is not an audit log (a README, a listing, an empty file) is not a
   * record: it is listed in {@link ReadReport#skipped()} with the reason, and does not stop a strict read.
   *
   * @param sink receives every normalized event; called from several threads when parallelism > 1
   * @throws MalformedRecordException in strict mode, at the first bad record
   */
  public ReadReport read(List<Path> paths, ReadOptions options, Consumer<AuditEvent> sink) {
    requireNonNull(options, "options");
    requireNonNull(sink, "sink");
    Listing listing = list(paths);
    List<Source> files = listing.files();
    List<FileResult> results = new ArrayList<>();
    if (parallelism == 1 || files.size() < 2) {
      for (Source file : files) {
        results.add(read(file, options, sink));
      }
    } else {
      List<Callable<FileResult>> tasks = new ArrayList<>();
      for (Source file : files) {
        tasks.add(() -> read(file, options, sink));
      }
      results.addAll(ParallelTasks.run(tasks, parallelism, "crosstrail-read", "reading audit logs"));
    }
    List<SourceSummary> summaries = new ArrayList<>();
    List<ReadReport.SkippedFile> skipped = new ArrayList<>(listing.skipped());
    for (FileResult r : results) {
      if (r.summary() != null) {
        summaries.add(r.summary());
      } else {
        skipped.add(r.skipped());
      }
    }
    skipped.sort(java.util.Comparator.comparing(ReadReport.SkippedFile::source));
    return new ReadReport(summaries, skipped);
  }

  /** What reading one file gave: a summary, or (for a file found in a directory) why it was skipped. */
  private record FileResult(SourceSummary summary, ReadReport.SkippedFile skipped) {
  }

  /**
   * A file the system will not let us read is no record: it is listed as a read failure, named or found
   * in a directory, so that its records are known to be missing (the command line exits 74).
   */
  private FileResult read(Source file, ReadOptions options, Consumer<AuditEvent> sink) {
    String source = file.file().toString();
    try (InputStream in = open(file.file())) {
      return read(source, in, file.named(), options, sink);
    } catch (IOException e) {
      return refused(source, options, e);
    }
  }

  /**
   * One opened source, recognised and read: its summary; for a file found in a directory that is no audit
   * log, why it was skipped; a read failure when the system failed its first read.
   */
  private FileResult read(String source, InputStream in, boolean named, ReadOptions options,
      Consumer<AuditEvent> sink) throws IOException {
    Recognised r = recognise(in);
    if (r.format() == null && r.emptyArray()) {
      return new FileResult(emptyExport(source, options), null);
    }
    if (r.format() == null && r.length() == 0 && r.broken() != null) {
      return refused(source, options, r.broken());
    }
    if (r.format() == null) {
      return named ? new FileResult(unreadable(source, options, r.unrecognisedReason(), r.broken(), r.excerpt()), null)
          : new FileResult(null, new ReadReport.SkippedFile(source, r.unrecognisedReason()));
    }
    return new FileResult(readRecognised(source, r, options, sink), null);
  }

  /**
   * A file's bytes; a pipe's through a {@link PipeInputStream} over an interruptible channel (the channel
   * stream alone answers {@code available()}, which gzip asks at the end of each member, by seeking, which
   * a pipe refuses: "Illegal seek").
   */
  private static InputStream open(Path file) throws IOException {
    if (Files.isRegularFile(file)) {
      return Files.newInputStream(file);
    }
    return new PipeInputStream(java.nio.channels.Channels.newInputStream(
        java.nio.channels.FileChannel.open(file, java.nio.file.StandardOpenOption.READ)));
  }

  /** A source whose read failed: a read failure, or a rejection when the bytes are bad (a gzip cut short). */
  private FileResult refused(String source, ReadOptions options, IOException e) {
    String reason = "cannot read: " + ioReason(e);
    return isDataProblem(e) ? new FileResult(unreadable(source, options, reason, e), null)
        : new FileResult(null, new ReadReport.SkippedFile(source, reason, true));
  }

  /** Why the system refused a read, in words: an exception's message is often just the path. */
  private static String ioReason(IOException e) {
    if (e instanceof AccessDeniedException) {
      return "permission denied";
    }
    if (e instanceof java.nio.file.NoSuchFileException) {
      return "no such file (removed while reading?)";
    }
    if (e instanceof java.io.EOFException) {
      return "the file ends early (a truncated download?)";
    }
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }

  /** A broken gzip or a stream that ends early: bad data, reported as the file's records, not a read failure. */
  private static boolean isDataProblem(IOException e) {
    return e instanceof java.util.zip.ZipException || e instanceof java.io.EOFException;
  }

  /**
   * Reads one file, plain or gzip, of any recognised format.
   *
   * @throws CrossTrailException when the system fails to read the file (permissions, an I/O error): a
   *     summary has no place for that, and it is no rejected record
   * @throws MalformedRecordException in strict mode, at the first bad record
   */
  public SourceSummary read(Path file, ReadOptions options, Consumer<AuditEvent> sink) {
    try (InputStream in = open(file)) {
      return read(file.toString(), in, options, sink);
    } catch (IOException e) {
      return summaryOf(refused(file.toString(), options, e), e);
    }
  }

  /**
   * Reads one stream, plain or gzip, of any recognised format. Does not close {@code in}.
   *
   * @param source the name to use in locations and errors
   * @throws CrossTrailException when reading the stream fails (an I/O error, not bad bytes)
   * @throws MalformedRecordException in strict mode, at the first bad record
   */
  public SourceSummary read(String source, InputStream in, ReadOptions options, Consumer<AuditEvent> sink) {
    try {
      return summaryOf(read(source, in, true, options, sink), null);
    } catch (IOException e) {
      return summaryOf(refused(source, options, e), e);
    }
  }

  private static SourceSummary summaryOf(FileResult r, IOException cause) {
    if (r.summary() != null) {
      return r.summary();
    }
    String reason = r.skipped().reason();
    throw new CrossTrailException(reason.replaceFirst("^cannot read: ", "cannot read " + r.skipped().source() + ": "),
        cause);
  }

  /**
   * A source after its head was shown to the formats: the format that claimed it (or none), and the
   * decoded stream from its first byte.
   */
  private record Recognised(AuditLogFormat format, InputStream replay, byte[] head, int length, IOException broken) {

    String unrecognisedReason() {
      if (broken != null && length == 0) {
        return "cannot read: " + broken.getMessage();
      }
      return length == 0
          ? "empty file: no audit records"
          : "not a recognised CloudTrail or Cloud Audit Log format (expected {\"Records\":[…]}, lookup-events "
              + "output, EventBridge events, a LogEntry array or one JSON record per line)";
    }

    String excerpt() {
      return length == 0 ? null : new String(head, 0, Math.min(length, 80), java.nio.charset.StandardCharsets.UTF_8);
    }

    /**
     * Whether the source is {@code []}: what a scheduled {@code gcloud logging read --format=json} (or
     * any JSON-array export) writes when nothing matched. Either cloud's, so no format claims it.
     */
    boolean emptyArray() {
      if (broken != null || length > 1024) {
        return false;
      }
      String text = new String(head, 0, length, java.nio.charset.StandardCharsets.UTF_8).strip();
      return text.length() >= 2 && text.startsWith("[") && text.endsWith("]")
          && text.substring(1, text.length() - 1).isBlank();
    }
  }

  /** The summary of an empty export: zero records, read without fault. */
  private SourceSummary emptyExport(String source, ReadOptions options) {
    Tally tally = tally(source, options);
    tally.format("empty-json-array");
    return tally.summary();
  }

  private Recognised recognise(InputStream in) throws IOException {
    InputStream decoded = decompressIfGzip(in);
    // A truncated gzip can break inside the head. Keep what was decoded: the format reads the
    // records it holds and reports the break at its byte offset, instead of losing the file.
    Head read = Head.read(decoded, HEAD_BYTES);
    byte[] head = read.bytes();
    int length = read.length();
    IOException broken = read.broken().orElse(null);
    InputStream replay = broken == null
        ? new SequenceInputStream(new ByteArrayInputStream(head, 0, length), decoded)
        : new SequenceInputStream(new ByteArrayInputStream(head, 0, length), failing(broken));
    for (AuditLogFormat format : formats) {
      if (format.recognize(head, length).isPresent()) {
        return new Recognised(format, replay, head, length, broken);
      }
    }
    if (broken != null && read.completeLines() > 0) {
      // the break may cut the head's last line: show the formats the complete lines before it
      for (AuditLogFormat format : formats) {
        if (format.recognize(head, read.completeLines()).isPresent()) {
          return new Recognised(format, replay, head, length, broken);
        }
      }
    }
    return new Recognised(null, replay, head, length, broken);
  }

  private SourceSummary readRecognised(String source, Recognised r, ReadOptions options,
      Consumer<AuditEvent> sink) {
    try {
      return r.format().read(r.replay(), tally(source, options), sink);
    } catch (IOException e) {
      return unreadable(source, options, "cannot read: " + e.getMessage(), e);
    } catch (UncheckedIOException e) {
      return unreadable(source, options, "cannot read: " + e.getCause().getMessage(), e);
    }
  }

  private SourceSummary unreadable(String source, ReadOptions options, String reason, Throwable cause) {
    return unreadable(source, options, reason, cause, null);
  }

  private SourceSummary unreadable(String source, ReadOptions options, String reason, Throwable cause,
      String excerpt) {
    Tally tally = tally(source, options);
    tally.format(SourceSummary.UNRECOGNIZED);
    tally.reject(new Rejection(new RecordLocation(source, 0, 1, 0), reason, Optional.ofNullable(excerpt)), cause);
    return tally.summary();
  }

  private static InputStream failing(IOException e) {
    return new InputStream() {
      @Override
      public int read() throws IOException {
        throw e;
      }
    };
  }

  private static InputStream decompressIfGzip(InputStream in) throws IOException {
    BufferedInputStream buffered = new BufferedInputStream(in, HEAD_BYTES + 1);
    buffered.mark(2);
    int b1 = buffered.read();
    int b2 = buffered.read();
    buffered.reset();
    if (b1 == 0x1f && b2 == 0x8b) {
      return new OneReadAtATime(new GZIPInputStream(buffered, 64 * 1024));
    }
    return buffered;
  }

  /**
   * A stream that reports nothing available. A BufferedInputStream (every reader has one) goes on
   * reading while available() is positive, which GZIPInputStream reports until its end; when a
   * truncated file then breaks in the second read, the bytes the first one copied are discarded with
   * the exception, complete records among them. With nothing available, each buffered read is one read.
   */
  private static final class OneReadAtATime extends java.io.FilterInputStream {
    OneReadAtATime(InputStream in) {
      super(in);
    }

    @Override
    public int available() {
      return 0;
    }
  }
}
