package dev.crosstrail.model;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * One record that supports a hop: its cloud, its id ({@code eventID} or {@code insertId}) and time,
 * for example {@code aws 3f1b…-e2 2024-05-01T10:00:00Z}.
 *
 * @param cloud the cloud whose log holds the record
 * @param eventId the record's id
 * @param time the record's time
 */
public record Evidence(Cloud cloud, String eventId, Instant time) {

  public Evidence {
    requireNonNull(cloud, "cloud");
    requireNonNull(eventId, "eventId");
    requireNonNull(time, "time");
  }
}
