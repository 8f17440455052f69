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
