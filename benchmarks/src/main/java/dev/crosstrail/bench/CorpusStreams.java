package dev.crosstrail.bench;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayDeque;
import java.util.SplittableRandom;
import java.util.zip.GZIPOutputStream;

/**
 * The output files of the corpus generator: one rolling sequence of files per CloudTrail
 * (account, region) and per Cloud Audit Log kind, each with a queue of records held back to be
 * delivered in a later file (late delivery, as real trails and sinks do).
 */
final class CorpusStreams {

  private CorpusStreams() {}

  /** A record held back for a later file: its JSON and where in the later file it goes. */
  record Pending(String json, int heldInFile, int offsetInLaterFile) {}

  /** One rolling sequence of files. */
  abstract static class Stream {
    final JsonFactory factory;
    final Path root;
    final SplittableRandom rng;
    JsonGenerator gen;
    int fileSeq;
    int inFile;
    int files;
    final ArrayDeque<Pending> pending = new ArrayDeque<>();

    Stream(JsonFactory factory, Path root, SplittableRandom rng) {
      this.factory = factory;
      this.root = root;
      this.rng = rng;
    }

    /** Opens a new file first when the record at {@code millis} belongs in the next one. */
    final void before(long millis) throws IOException {
      if (gen == null || shouldRoll(millis)) {
        if (gen != null) {
          close();
        }
        open(millis);
        fileSeq++;
        inFile = 0;
        files++;
      }
    }

    /** Counts the record just written and delivers held-back records that are now due. */
    final void after() throws IOException {
      inFile++;
      while (!pending.isEmpty()) {
        Pending p = pending.peekFirst();
        if (p.heldInFile() < fileSeq && inFile >= p.offsetInLaterFile()) {
          pending.removeFirst();
          gen.writeRawValue(p.json());
          inFile++;
        } else {
          break;
        }
      }
    }

    /** Writes every record still held back into the current file and closes it. */
    final void finish() throws IOException {
      while (!pending.isEmpty()) {
        gen.writeRawValue(pending.removeFirst().json());
      }
      if (gen != null) {
        close();
        gen = null;
      }
    }

    abstract boolean shouldRoll(long millis);

    abstract void open(long millis) throws IOException;

    abstract void close() throws IOException;

    static OutputStream create(Path file) throws IOException {
      Files.createDirectories(file.getParent());
      return new BufferedOutputStream(Files.newOutputStream(file), 1 << 16);
    }
  }

  /** CloudTrail trail files of one account and region: gzip, {@code {"Records":[…]}}. */
  static final class TrailStream extends Stream {
    private static final String ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    final String account;
    final String region;
    private int target;

    TrailStream(JsonFactory factory, Path root, SplittableRandom rng, String account, String region) {
      super(factory, root, rng);
      this.account = account;
      this.region = region;
    }

    @Override
    boolean shouldRoll(long millis) {
      return inFile >= target;
    }

    @Override
    void open(long millis) throws IOException {
      target = rng.nextInt(2000, 4500);
      ZonedDateTime t = Instant.ofEpochMilli(millis).atZone(ZoneOffset.UTC);
      StringBuilder suffix = new StringBuilder(16);
      for (int i = 0; i < 16; i++) {
        suffix.append(ALNUM.charAt(rng.nextInt(ALNUM.length())));
      }
      String name = String.format("%s_CloudTrail_%s_%04d%02d%02dT%02d%02dZ_%s.json.gz", account, region,
          t.getYear(), t.getMonthValue(), t.getDayOfMonth(), t.getHour(), t.getMinute(), suffix);
      Path file = root.resolve("AWSLogs").resolve(account).resolve("CloudTrail").resolve(region)
          .resolve(String.format("%04d", t.getYear())).resolve(String.format("%02d", t.getMonthValue()))
          .resolve(String.format("%02d", t.getDayOfMonth())).resolve(name);
      OutputStream out = new GZIPOutputStream(create(file), 1 << 16);
      gen = factory.createGenerator(out, JsonEncoding.UTF8);
      gen.writeStartObject();
      gen.writeFieldName("Records");
      gen.writeStartArray();
    }

    @Override
    void close() throws IOException {
      gen.writeEndArray();
      gen.writeEndObject();
      gen.close();
    }
  }

  /** Cloud Storage sink files of one audit log kind: one LogEntry per line, one file per hour. */
  static final class SinkStream extends Stream {
    final String kind;
    private long hour = Long.MIN_VALUE;

    SinkStream(JsonFactory factory, Path root, SplittableRandom rng, String kind) {
      super(factory, root, rng);
      this.kind = kind;
    }

    @Override
    boolean shouldRoll(long millis) {
      return Math.floorDiv(millis, 3_600_000L) != hour;
    }

    @Override
    void open(long millis) throws IOException {
      hour = Math.floorDiv(millis, 3_600_000L);
      ZonedDateTime t = Instant.ofEpochMilli(millis).atZone(ZoneOffset.UTC);
      Path file = root.resolve("cloudaudit.googleapis.com").resolve(kind)
          .resolve(String.format("%04d", t.getYear())).resolve(String.format("%02d", t.getMonthValue()))
          .resolve(String.format("%02d", t.getDayOfMonth()))
          .resolve(String.format("%02d:00:00_%02d:59:59_S0.json", t.getHour(), t.getHour()));
      gen = factory.createGenerator(create(file), JsonEncoding.UTF8);
      gen.setRootValueSeparator(new SerializedString("\n"));
    }

    @Override
    void close() throws IOException {
      gen.writeRaw('\n');
      gen.close();
    }
  }
}
