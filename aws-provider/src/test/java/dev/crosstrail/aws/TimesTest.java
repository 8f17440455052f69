package dev.crosstrail.aws;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The time shapes CloudTrail writes, including the fast path for the common one and what it must refuse. */
class TimesTest {

  @Test
  void theCommonShapeIsReadExactly() {
    assertThat(Times.iso("2018-11-16T15:14:56Z")).contains(Instant.ofEpochSecond(1542381296));
    assertThat(Times.iso("2000-02-29T00:00:00Z")).contains(Instant.parse("2000-02-29T00:00:00Z"));
  }

  @Test
  void otherIsoShapesStillParse() {
    assertThat(Times.iso("2020-05-05T08:21:55+00:00")).contains(Instant.parse("2020-05-05T08:21:55Z"));
    assertThat(Times.iso("2020-05-05T10:21:55+02:00")).contains(Instant.parse("2020-05-05T08:21:55Z"));
    assertThat(Times.iso("2024-05-01T10:00:00.123Z")).contains(Instant.parse("2024-05-01T10:00:00.123Z"));
    assertThat(Times.iso("2016-12-31T23:59:60Z")).as("a leap second, as java.time reads it")
        .contains(Instant.parse("2016-12-31T23:59:59Z"));
  }

  @Test
  void impossibleDatesAndNonDatesAreRefused() {
    assertThat(Times.iso("2024-13-01T00:00:00Z")).isEmpty();
    assertThat(Times.iso("2023-02-29T00:00:00Z")).isEmpty();
    assertThat(Times.iso("2024-05-01T24:00:01Z")).isEmpty();
    assertThat(Times.iso("2024-05-0xT00:00:00Z")).isEmpty();
    assertThat(Times.iso("Nov 30, 2024, 8:43:17 PM")).isEmpty();
    assertThat(Times.iso("")).isEmpty();
  }

  @Test
  void creationDateAndExpirationKeepTheirOtherForms() {
    assertThat(Times.creationDate("20131102T010628Z")).contains(Instant.parse("2013-11-02T01:06:28Z"));
    assertThat(Times.creationDate("2013-11-02T01:06:28Z")).contains(Instant.parse("2013-11-02T01:06:28Z"));
    assertThat(Times.expiration("Nov 30, 2024, 8:43:17 PM")).contains(Instant.parse("2024-11-30T20:43:17Z"));
    assertThat(Times.expiration("Mar 23, 2016 2:39:51 AM")).contains(Instant.parse("2016-03-23T02:39:51Z"));
    assertThat(Times.expiration("2019-11-04T22:54:52Z")).contains(Instant.parse("2019-11-04T22:54:52Z"));
    assertThat(Times.expiration("soon")).isEmpty();
  }
}
