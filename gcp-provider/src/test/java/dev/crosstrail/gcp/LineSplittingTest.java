package dev.crosstrail.gcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crosstrail.io.ReadOptions;
import dev.crosstrail.io.Rejection;
import dev.crosstrail.io.SourceSummary;
import dev.crosstrail.model.AuditEvent;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Line-delimited sink files read in pieces of every size: entries that lie whole in one read are
 * parsed in place, the others are joined first, and both must give the same events and rejections
 * as the file read straight from memory, each located at the byte where its line starts.
 */
class LineSplittingTest {

  /** The plaso sink file (11 real lines), with CRLF line ends, a broken line and a blank one mixed in. */
  private static byte[] sinkFile() {
    List<String> lines = new ArrayList<>(Fixtures.lines("gcp/plaso/gcp_logging.jsonl"));
    lines.add(3, "{\"insertId\": \"broken\", ");
    lines.add(6, "   ");
    lines.set(8, lines.get(8) + "\r");
    // an entry longer than the reader's own 64 KiB buffer: a member crosstrail does not read, padded
    lines.add(9, lines.get(0).replaceFirst("\\{", "{\"padding\":\"" + "p".repeat(150_000) + "\","));
    return String.join("\n", lines).getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void everyReadSizeGivesTheSameEventsRejectionsAndLocations() {
    byte[] file = sinkFile();
    Outcome whole = read(new ByteArrayInputStream(file));
    assertThat(whole.summary.read()).isEqualTo(13);
    // plaso's two entries that are not audit logs (ReadShapesTest), and the broken line
    assertThat(whole.summary.rejected()).isEqualTo(3);
    assertThat(whole.events).hasSize(10).extracting(e -> e.location().line()).contains(10L);
    assertThat(whole.summary.rejections()).anySatisfy(r -> {
      assertThat(r.location().line()).isEqualTo(4);
      assertThat(r.excerpt()).hasValueSatisfying(e -> assertThat(e).startsWith("{\"insertId\": \"broken\""));
    });

    List<Long> lineStarts = lineStarts(file);
    whole.events.forEach(e -> assertThat(e.location().byteOffset()).as("line %d", e.location().line())
        .isEqualTo(lineStarts.get((int) e.location().line() - 1)));
    whole.summary.rejections().forEach(r -> assertThat(r.location().byteOffset()).as("line %d", r.location().line())
        .isEqualTo(lineStarts.get((int) r.location().line() - 1)));

    for (int piece : new int[] {1, 2, 7, 64, 1000, 65_535, 65_537}) {
      Outcome inPieces = read(new Trickle(file, piece));
      assertThat(inPieces.events).as("read %d bytes at a time", piece).isEqualTo(whole.events);
      assertThat(inPieces.summary.rejections()).as("read %d bytes at a time", piece)
          .isEqualTo(whole.summary.rejections());
    }
  }

  @Test
  void aLineLongerThanTheLimitIsRejectedWhateverTheReadSize() {
    byte[] file = sinkFile();
    // with 1,000-character strings a line may hold 6 × 1,000 bytes + 1 MiB; this one holds more
    String longLine = "{\"padding\":\"" + "q".repeat((1 << 20) + 10_000) + "\"}";
    byte[] withLong = (new String(file, StandardCharsets.UTF_8) + "\n" + longLine + "\n")
        .getBytes(StandardCharsets.UTF_8);
    ReadOptions small = new ReadOptions(ReadOptions.Mode.LENIENT, 1_000, 200);
    for (int piece : new int[] {7, 65_536, Integer.MAX_VALUE}) {
      SourceSummary s = Fixtures.reader().read("mem", new Trickle(withLong, piece), small, e -> { });
      assertThat(s.read()).isEqualTo(s.normalized() + s.rejected());
      assertThat(s.rejections()).extracting(Rejection::reason)
          .anySatisfy(reason -> assertThat(reason).startsWith("line 15 is longer than"));
    }
  }

  @Test
  void newlinesAreFoundWhereverTheyAre() {
    Random random = new Random(7);
    // bytes near '\n' in value and in bit pattern, where a word-at-a-time search could go wrong
    byte[] fillers = {0x0B, 0x09, (byte) 0x8A, (byte) 0xFF, 0x00, 0x01, 'a', (byte) 0x80, 0x7F};
    for (int length = 0; length <= 40; length++) {
      for (int trial = 0; trial < 200; trial++) {
        byte[] b = new byte[length];
        for (int i = 0; i < length; i++) {
          b[i] = random.nextInt(6) == 0 ? (byte) '\n' : fillers[random.nextInt(fillers.length)];
        }
        int from = length == 0 ? 0 : random.nextInt(length + 1);
        int to = from + random.nextInt(length - from + 1);
        assertThat(Newlines.indexOf(b, from, to)).as("%s in [%d, %d)", java.util.Arrays.toString(b), from, to)
            .isEqualTo(naive(b, from, to));
      }
    }
  }

  /** Where each line starts, counted here byte by byte. */
  private static List<Long> lineStarts(byte[] file) {
    List<Long> starts = new ArrayList<>(List.of(0L));
    for (int i = 0; i < file.length; i++) {
      if (file[i] == '\n') {
        starts.add(i + 1L);
      }
    }
    return starts;
  }

  private static int naive(byte[] b, int from, int to) {
    for (int i = from; i < to; i++) {
      if (b[i] == '\n') {
        return i;
      }
    }
    return -1;
  }

  private record Outcome(SourceSummary summary, List<AuditEvent> events) {}

  private static Outcome read(InputStream in) {
    List<AuditEvent> events = new ArrayList<>();
    SourceSummary s = Fixtures.reader().read("mem", in, ReadOptions.DEFAULTS, events::add);
    assertThat(s.read()).isEqualTo(s.normalized() + s.rejected());
    return new Outcome(s, events);
  }

  /** Hands out at most {@code piece} bytes per read, as a slow network stream or a gzip stream may. */
  private static final class Trickle extends ByteArrayInputStream {
    private final int piece;

    Trickle(byte[] bytes, int piece) {
      super(bytes);
      this.piece = piece;
    }

    @Override
    public synchronized int read(byte[] b, int off, int len) {
      return super.read(b, off, Math.min(len, piece));
    }

    /** Nothing is ever ready: a BufferedInputStream in front would otherwise read on to fill its buffer. */
    @Override
    public synchronized int available() {
      return 0;
    }
  }
}
