package dev.crosstrail.gcp.collect;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.net.URLDecoder;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Writes entries in the layout of a Cloud Storage log sink:
 * {@code <log id>/YYYY/MM/DD/HH:00:00_HH:59:59_S<n>.json}, one entry JSON per line, for example
 * {@code cloudaudit.googleapis.com/activity/2024/05/01/13:00:00_13:59:59_S0.json}. Each batch becomes a
 * new shard (the next free {@code n}), so runs never rewrite each other's files. A shard is first
 * written under a hidden temporary name, then moved into place.
 */
final class SinkWriter {

  private static final Pattern LOG_ID = Pattern.compile("/logs/([^/]+)$");

  private final Path root;
  private final Set<Path> reserved = new HashSet<>();

  SinkWriter(Path root) {
    this.root = root;
  }

  /** The directory of an hour of one log: {@code <root>/<log id>/YYYY/MM/DD}. */
  Path hourDirectory(String logName, Instant timestamp) {
    ZonedDateTime t = timestamp.atZone(ZoneOffset.UTC);
    return logDirectory(logName).resolve(String.format("%04d/%02d/%02d", t.getYear(), t.getMonthValue(),
        t.getDayOfMonth()));
  }

  /** The shard name prefix of an hour: {@code 13:00:00_13:59:59_S}. */
  static String shardPrefix(Instant timestamp) {
    int hour = timestamp.atZone(ZoneOffset.UTC).getHour();
    return String.format("%02d:00:00_%02d:59:59_S", hour, hour);
  }

  /**
   * The log's directory: its log id URL-decoded ({@code cloudaudit.googleapis.com%2Factivity} becomes
   * {@code cloudaudit.googleapis.com/activity}); a log id that would leave the output directory becomes
   * {@code _invalid-log-id}.
   */
  Path logDirectory(String logName) {
    Matcher m = LOG_ID.matcher(logName);
    String id = m.find() ? URLDecoder.decode(m.group(1).replace("+", "%2B"), StandardCharsets.UTF_8) : "";
    Path dir = root;
    for (String part : id.split("/", -1)) {
      if (part.isEmpty() || part.equals(".") || part.equals("..") || part.startsWith(".") || part.contains("\\")
          || part.chars().anyMatch(c -> c < 0x20)) {
        return root.resolve("_invalid-log-id");
      }
      dir = dir.resolve(part);
    }
    return dir;
  }

  /** A shard written under its temporary name, to be moved to {@code target}. */
  record Prepared(Path temp, Path target, int lines, List<Long> lineOffsets) {}

  /**
   * Writes {@code lines} to a hidden temporary file beside the next free shard of that hour and
   * reserves the shard's name.
   */
  Prepared prepare(Path hourDirectory, Instant hour, List<String> lines) throws IOException {
    Files.createDirectories(hourDirectory);
    String prefix = shardPrefix(hour);
    int next = 0;
    Pattern shard = Pattern.compile("\\.?" + Pattern.quote(prefix) + "(\\d+)\\.json(\\.tmp)?");
    try (DirectoryStream<Path> files = Files.newDirectoryStream(hourDirectory)) {
      for (Path f : files) {
        Matcher m = shard.matcher(f.getFileName().toString());
        if (m.matches()) {
          next = Math.max(next, Integer.parseInt(m.group(1)) + 1);
        }
      }
    }
    Path target = hourDirectory.resolve(prefix + next + ".json");
    while (reserved.contains(target)) {
      next++;
      target = hourDirectory.resolve(prefix + next + ".json");
    }
    reserved.add(target);
    Path temp = hourDirectory.resolve("." + target.getFileName() + ".tmp");
    List<Long> offsets = new java.util.ArrayList<>(lines.size());
    try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.TRUNCATE_EXISTING)) {
      OutputStream out = Channels.newOutputStream(channel);
      long offset = 0;
      BufferedWriter writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 64 * 1024);
      for (String line : lines) {
        offsets.add(offset);
        writer.write(line);
        writer.write('\n');
        offset += line.getBytes(StandardCharsets.UTF_8).length + 1L;
      }
      writer.flush();
      channel.force(true);
    }
    return new Prepared(temp, target, lines.size(), offsets);
  }

  /** Moves a prepared shard into place. */
  static void moveAtomically(Path temp, Path target) throws IOException {
    try {
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(temp, target);
    }
  }

  /** A path relative to the output directory, with forward slashes, for checkpoints. */
  String relative(Path p) {
    return root.relativize(p).toString().replace('\\', '/');
  }
}
