package dev.crosstrail.spi;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class HeadTest {

  @Test
  void aReadThatBreaksKeepsWhatCameBeforeAndItsCompleteLines() {
    InputStream breaking = new SequenceInputStream(
        new ByteArrayInputStream("{\"a\":1}\n{\"b\":2}\n{\"c\"".getBytes(StandardCharsets.UTF_8)),
        new InputStream() {
          @Override
          public int read() throws IOException {
            throw new EOFException("Unexpected end of ZLIB input stream");
          }
        });

    Head head = Head.read(breaking, 1024);

    assertThat(head.length()).isEqualTo(20);
    assertThat(head.broken()).get().isInstanceOf(EOFException.class);
    assertThat(head.completeLines()).isEqualTo(16);
  }

  @Test
  void aWholeHeadIsNotBroken() {
    Head head = Head.read(new ByteArrayInputStream("abc".getBytes(StandardCharsets.UTF_8)), 2);

    assertThat(head.length()).isEqualTo(2);
    assertThat(head.broken()).isEmpty();
    assertThat(head.completeLines()).isZero();
  }
}
