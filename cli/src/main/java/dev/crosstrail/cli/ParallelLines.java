package dev.crosstrail.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.CharArrayWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * JSON lines written by several threads at once to one writer. Each thread renders into a buffer of
 * its own and hands the writer whole chunks of lines: lines never interleave, the writer's lock is
 * taken once per chunk instead of once per line, and nothing is flushed per line (a per-line flush
 * is a system call per record: {@code crosstrail attribute} on a million records took 24-32 s printing
 * that way, 19-23 s in chunks).
 *
 * <p>Lines come out in chunks, so lines of different threads are grouped, not in the order they were
 * written; callers whose records come in no particular order anyway lose nothing.
 */
final class ParallelLines implements AutoCloseable {

  /** Characters a thread gathers before it hands them to the writer. */
  static final int CHUNK = 1 << 16;

  private final Writer out;
  private final Map<Thread, Lane> lanes = new ConcurrentHashMap<>();

  ParallelLines(Writer out) {
    this.out = out;
  }

  /**
   * Writes the JSON value {@code body} writes, and a line break, from the calling thread. If
   * {@code body} throws, nothing of its line is written: a half-written record never looks like a
   * whole one.
   */
  void write(JsonLines.Body body) {
    Lane lane = lanes.computeIfAbsent(Thread.currentThread(), t -> new Lane());
    int lineStart = lane.text.size();
    try {
      body.write(lane.json);
      lane.json.writeRaw('\n');
      // The generator buffers too: flush it into the lane so the lane's size is what was rendered.
      lane.json.flush();
    } catch (IOException e) {
      lane.dropLineFrom(lineStart);
      throw new UncheckedIOException(e);
    } catch (RuntimeException e) {
      lane.dropLineFrom(lineStart);
      throw e;
    }
    // Outside the try: the line is whole, and a writer that fails must not make it look half-written.
    if (lane.text.size() >= CHUNK) {
      try {
        handOn(lane);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /**
   * Hands every thread's remaining lines to the writer and flushes it. Call once no thread writes any
   * more (after the run that called {@link #write} has returned).
   */
  @Override
  public void close() {
    try {
      for (Lane lane : lanes.values()) {
        lane.json.close();
        handOn(lane);
      }
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void handOn(Lane lane) throws IOException {
    try {
      synchronized (out) {
        lane.text.writeTo(out);
        // A PrintWriter swallows write errors: stop the run instead of rendering lines nobody receives.
        if (out instanceof PrintWriter printing && printing.checkError()) {
          throw new OutputFailedException();
        }
      }
    } finally {
      lane.text.reset(); // a writer that failed holds these lines or lost them: never hand them on twice
    }
  }

  /** One thread's buffer and the generator that renders into it. */
  private static final class Lane {
    final Text text = new Text();
    JsonGenerator json = JsonLines.generator(text);

    /** Forgets a line that failed half-way: what reached the buffer, and the generator holding the rest. */
    void dropLineFrom(int lineStart) {
      text.truncate(lineStart);
      json = JsonLines.generator(text);
    }
  }

  /** A character buffer that can forget its end. */
  private static final class Text extends CharArrayWriter {
    Text() {
      super(CHUNK + 4096);
    }

    void truncate(int length) {
      count = length;
    }
  }
}
