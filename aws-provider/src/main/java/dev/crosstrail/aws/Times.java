package dev.crosstrail.aws;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;

/** The time formats CloudTrail writes. */
final class Times {

  /** {@code 20131102T010628Z}: the compact form of {@code attributes.creationDate} in older records. */
  private static final DateTimeFormatter COMPACT = DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmssX", Locale.ROOT);

  /**
   * {@code Nov 30, 2024, 8:43:17 PM} (older records: {@code Mar 23, 2016 2:39:51 AM}): how STS writes {@code credentials.expiration} in many records
   * (read as UTC, which the records' own {@code eventTime} confirms).
   */
  private static final DateTimeFormatter HUMAN = new DateTimeFormatterBuilder()
      .parseCaseInsensitive()
      .appendPattern("MMM d, uuuu[,] h:mm:ss a")
      .toFormatter(Locale.US);

  private Times() {}

  /** ISO-8601 with {@code Z} or an offset: {@code 2018-11-16T15:14:56Z}, {@code 2020-05-05T08:21:55+00:00}. */
  static Optional<Instant> iso(String s) {
    Instant fast = plainUtc(s);
    if (fast != null) {
      return Optional.of(fast);
    }
    if (s.isEmpty() || !Character.isDigit(s.charAt(0))) {
      return Optional.empty(); // not ISO at all (say "Nov 30, 2024, 8:43:17 PM"): no parser needs to throw to say so
    }
    try {
      return Optional.of(Instant.parse(s));
    } catch (DateTimeParseException e) {
      try {
        return Optional.of(OffsetDateTime.parse(s, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant());
      } catch (DateTimeParseException e2) {
        return Optional.empty();
      }
    }
  }

  /**
   * The shape nearly every CloudTrail time has, {@code 2018-11-16T15:14:56Z}, read without a
   * {@code DateTimeFormatter} (which dominated normalization profiles); null for any other shape,
   * which then takes the general parsers. {@link LocalDateTime#of} still checks every field's range.
   */
  private static Instant plainUtc(String s) {
    if (s.length() != 20 || s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(10) != 'T' || s.charAt(13) != ':'
        || s.charAt(16) != ':' || s.charAt(19) != 'Z') {
      return null;
    }
    int year = digits(s, 0, 4);
    int month = digits(s, 5, 7);
    int day = digits(s, 8, 10);
    int hour = digits(s, 11, 13);
    int minute = digits(s, 14, 16);
    int second = digits(s, 17, 19);
    if (year < 0 || month < 0 || day < 0 || hour < 0 || minute < 0 || second < 0) {
      return null;
    }
    try {
      return LocalDateTime.of(year, month, day, hour, minute, second).toInstant(ZoneOffset.UTC);
    } catch (java.time.DateTimeException e) {
      return null; // out of range (month 13, February 30): let the general parser reject it
    }
  }

  /** The decimal value of {@code s[from, to)}, or -1 when a character is not an ASCII digit. */
  private static int digits(String s, int from, int to) {
    int v = 0;
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      v = v * 10 + (c - '0');
    }
    return v;
  }

  /** {@code attributes.creationDate} in either of its two forms. */
  static Optional<Instant> creationDate(String s) {
    Optional<Instant> iso = iso(s);
    if (iso.isPresent()) {
      return iso;
    }
    try {
      return Optional.of(OffsetDateTime.parse(s, COMPACT).toInstant());
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  /** {@code credentials.expiration}: ISO or {@code Nov 30, 2024, 8:43:17 PM}; empty when neither. */
  static Optional<Instant> expiration(String s) {
    Optional<Instant> iso = iso(s);
    if (iso.isPresent()) {
      return iso;
    }
    try {
      return Optional.of(LocalDateTime.parse(s.replace('\u202f', ' '), HUMAN).toInstant(ZoneOffset.UTC));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }
}
