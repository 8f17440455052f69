package dev.crosstrail.gcp;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link EntryNormalizer#plainUtc} reads the common timestamp shapes without a formatter: it must
 * give what {@link DateTimeFormatter#ISO_OFFSET_DATE_TIME} gives, and leave every other text to it.
 */
class PlainUtcTest {

  private static Instant formatter(String s) {
    try {
      return OffsetDateTime.parse(s, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  @Test
  void commonShapesReadAsWritten() {
    assertThat(EntryNormalizer.plainUtc("2024-05-01T10:00:00Z")).isEqualTo(Instant.ofEpochSecond(1714557600));
    assertThat(EntryNormalizer.plainUtc("2024-05-01T10:00:00.5Z"))
        .isEqualTo(Instant.ofEpochSecond(1714557600, 500_000_000));
    assertThat(EntryNormalizer.plainUtc("2026-03-03T16:00:00.660540Z"))
        .isEqualTo(Instant.ofEpochSecond(1772553600, 660_540_000));
    assertThat(EntryNormalizer.plainUtc("2024-05-01T10:00:00.123456789Z"))
        .isEqualTo(Instant.ofEpochSecond(1714557600, 123_456_789));
  }

  /** Shapes and values the fast path leaves to the formatter (which accepts some and refuses others). */
  @ParameterizedTest
  @ValueSource(strings = {"2024-05-01T10:00:00+00:00", "2024-05-01T10:00:00.123+02:00", "2024-05-01t10:00:00z",
      "2024-05-01T10:00Z", "2024-05-01T10:00:00.Z", "2024-05-01T10:00:00.1234567890Z", "2024-02-30T10:00:00Z",
      "2024-13-01T10:00:00Z", "2024-05-01T24:00:00Z", "2024-05-01T23:59:60Z", "2024-05-01T10:00:0xZ",
      "+2024-05-01T10:00:00Z", "2024-05-01 10:00:00Z", "2024-05-01T10:00:00,5Z", "12024-05-01T10:00:00Z"})
  void otherShapesAreLeftToTheFormatter(String text) {
    assertThat(EntryNormalizer.plainUtc(text)).isNull();
  }

  /** Random texts of the fast path's length and alphabet: wherever it answers, the formatter agrees. */
  @Test
  void agreesWithTheFormatter() {
    Random random = new Random(3);
    String alphabet = "0123456789-:T.Z";
    int answered = 0;
    for (int i = 0; i < 200_000; i++) {
      String s = random.nextBoolean() ? mutate(random, alphabet) : valid(random);
      Instant fast = EntryNormalizer.plainUtc(s);
      if (fast != null) {
        answered++;
        assertThat(fast).as(s).isEqualTo(formatter(s));
      }
    }
    assertThat(answered).isGreaterThan(50_000);
  }

  private static String valid(Random r) {
    String base = String.format("%04d-%02d-%02dT%02d:%02d:%02d", 1990 + r.nextInt(220), 1 + r.nextInt(13),
        1 + r.nextInt(31), r.nextInt(25), r.nextInt(60), r.nextInt(61));
    int digits = r.nextInt(11) - 1;
    StringBuilder s = new StringBuilder(base);
    if (digits >= 0) {
      s.append('.');
      for (int i = 0; i < digits; i++) {
        s.append((char) ('0' + r.nextInt(10)));
      }
    }
    return s.append('Z').toString();
  }

  private static String mutate(Random r, String alphabet) {
    char[] c = valid(r).toCharArray();
    c[r.nextInt(c.length)] = alphabet.charAt(r.nextInt(alphabet.length()));
    return new String(c);
  }
}
