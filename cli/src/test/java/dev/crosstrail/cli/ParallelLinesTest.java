package dev.crosstrail.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class ParallelLinesTest {

  private static final int THREADS = 4;
  private static final int LINES_PER_THREAD = 3_000;

  /** Counts the chunks handed over and the flushes, keeping what was written. */
  private static final class CountingWriter extends StringWriter {
    int writes;
    int flushes;

    @Override
    public void write(char[] chars, int off, int len) {
      writes++;
      super.write(chars, off, len);
    }

    @Override
    public void flush() {
      flushes++;
      super.flush();
    }
  }

  @Test
  void linesFromSeveralThreadsArriveWholeOnceEachInEachThreadsOrderAndInChunks() throws Exception {
    CountingWriter out = new CountingWriter();
    CountDownLatch start = new CountDownLatch(1);
    try (ParallelLines lines = new ParallelLines(out)) {
      List<Thread> threads = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        int thread = t;
        threads.add(new Thread(() -> {
          try {
            start.await();
          } catch (InterruptedException e) {
            throw new AssertionError(e);
          }
          for (int i = 0; i < LINES_PER_THREAD; i++) {
            int seq = i;
            // lengths from a few characters to more than a chunk, with characters JSON escapes
            String payload = "x\"\n\u00e9".repeat(i % 97 == 0 ? ParallelLines.CHUNK / 3 : i % 50);
            lines.write(g -> {
              g.writeStartObject();
              g.writeNumberField("thread", thread);
              g.writeNumberField("seq", seq);
              g.writeStringField("payload", payload);
              g.writeEndObject();
            });
          }
        }));
      }
      threads.forEach(Thread::start);
      start.countDown();
      for (Thread t : threads) {
        t.join();
      }
    }

    String text = out.toString();
    assertTrue(text.endsWith("\n"), "the last line ends with a line break");
    String[] lines = text.split("\n", -1);
    assertEquals(THREADS * LINES_PER_THREAD + 1, lines.length, "one line per write, and nothing after the last break");
    ObjectMapper json = new ObjectMapper();
    Map<Integer, Integer> nextSeq = new HashMap<>();
    for (int i = 0; i < lines.length - 1; i++) {
      JsonNode line = json.readTree(lines[i]);
      int thread = line.get("thread").asInt();
      int seq = line.get("seq").asInt();
      assertEquals(nextSeq.getOrDefault(thread, 0), seq, "thread " + thread + "'s lines in the order it wrote them");
      nextSeq.put(thread, seq + 1);
      assertEquals("x\"\n\u00e9".repeat(seq % 97 == 0 ? ParallelLines.CHUNK / 3 : seq % 50),
          line.get("payload").asText());
    }
    for (int t = 0; t < THREADS; t++) {
      assertEquals(LINES_PER_THREAD, nextSeq.get(t));
    }
    // The writer sees whole chunks: at most one hand-over per chunk's worth of text and thread, not one per line.
    int atMost = text.length() / ParallelLines.CHUNK + THREADS;
    assertTrue(out.writes <= atMost, out.writes + " hand-overs for " + text.length() + " characters, expected at most "
        + atMost);
    assertEquals(1, out.flushes, "flushed once, at close");
  }

  @Test
  void aLineIsPlainJsonWithoutTheGeneratorsRootSeparator() {
    StringWriter out = new StringWriter();
    try (ParallelLines lines = new ParallelLines(out)) {
      for (int i = 0; i < 3; i++) {
        int n = i;
        lines.write(g -> {
          g.writeStartObject();
          g.writeNumberField("n", n);
          g.writeEndObject();
        });
      }
    }
    assertEquals("{\"n\":0}\n{\"n\":1}\n{\"n\":2}\n", out.toString());
  }

  @Test
  void aLineWhoseWritingFailsIsLeftOutWhole() {
    StringWriter out = new StringWriter();
    String longText = "y".repeat(3 * 8000); // longer than the generator's own buffer: part of it reaches the lane
    try (ParallelLines lines = new ParallelLines(out)) {
      lines.write(g -> {
        g.writeStartObject();
        g.writeNumberField("n", 1);
        g.writeEndObject();
      });
      RuntimeException failure = new IllegalStateException("the record could not be rendered");
      RuntimeException thrown = assertThrows(RuntimeException.class, () -> lines.write(g -> {
        g.writeStartObject();
        g.writeStringField("half", longText);
        throw failure;
      }));
      assertSame(failure, thrown);
      lines.write(g -> {
        g.writeStartObject();
        g.writeNumberField("n", 2);
        g.writeEndObject();
      });
    }
    assertEquals("{\"n\":1}\n{\"n\":2}\n", out.toString());
  }

  @Test
  void aWriterThatFailsNeitherCutsALineNorGetsItsChunkTwice() {
    boolean[] failNext = {false};
    StringBuilder written = new StringBuilder();
    Writer out = new Writer() {
      @Override
      public void write(char[] chars, int off, int len) throws IOException {
        if (failNext[0]) {
          failNext[0] = false;
          throw new IOException("disk full");
        }
        written.append(chars, off, len);
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    };
    ParallelLines lines = new ParallelLines(out);
    String big = "z".repeat(1000);
    int count = 0;
    failNext[0] = true;
    RuntimeException thrown = null;
    while (thrown == null) { // until a chunk is handed to the writer, which fails
      int n = count++;
      try {
        lines.write(g -> {
          g.writeStartObject();
          g.writeNumberField("n", n);
          g.writeStringField("pad", big);
          g.writeEndObject();
        });
      } catch (RuntimeException e) {
        thrown = e;
      }
    }
    assertTrue(thrown instanceof UncheckedIOException, thrown.toString());
    assertEquals("disk full", thrown.getCause().getMessage());
    lines.write(g -> {
      g.writeStartObject();
      g.writeNumberField("n", -1);
      g.writeEndObject();
    });
    lines.close();
    assertEquals("{\"n\":-1}\n", written.toString(), "the failed chunk is not written again, the next line is whole");
  }

  @Test
  void aPrintWriterThatSwallowedAFailureStopsTheRunAtTheNextChunk() {
    int[] chunksTaken = {0};
    java.io.OutputStream full = new java.io.OutputStream() {
      @Override
      public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
      }

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        throw new IOException("No space left on device");
      }
    };
    java.io.PrintWriter out = new java.io.PrintWriter(new java.io.OutputStreamWriter(full, java.nio.charset.StandardCharsets.UTF_8));
    ParallelLines lines = new ParallelLines(out);
    String big = "z".repeat(1000);
    int written = 0;
    RuntimeException thrown = null;
    while (thrown == null && written < 10 * ParallelLines.CHUNK) {
      try {
        lines.write(g -> {
          g.writeStartObject();
          g.writeStringField("pad", big);
          g.writeEndObject();
        });
        written++;
      } catch (RuntimeException e) {
        thrown = e;
      }
    }
    assertTrue(thrown instanceof OutputFailedException, String.valueOf(thrown));
    assertTrue(written < 2 * ParallelLines.CHUNK / 1000, "stopped at the first chunk, after " + written + " lines");
  }
}
