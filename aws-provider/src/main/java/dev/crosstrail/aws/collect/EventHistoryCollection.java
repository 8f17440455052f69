package dev.crosstrail.aws.collect;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.cloudtrail.CloudTrailClient;
import software.amazon.awssdk.services.cloudtrail.model.Event;
import software.amazon.awssdk.services.cloudtrail.model.LookupAttribute;
import software.amazon.awssdk.services.cloudtrail.model.LookupEventsRequest;
import software.amazon.awssdk.services.cloudtrail.model.LookupEventsResponse;

/**
 * Collects the event history of one account in one region: {@code LookupEvents} page by page,
 * each page committed (files, then checkpoint) before the next is asked for.
 */
final class EventHistoryCollection {

  static final int PAGE_SIZE = 50;

  private final Settings settings;
  private final CollectionSource source;
  private final CloudTrailClient client;
  private final CheckpointStore store;
  private final Instant windowEnd;
  private Optional<Instant> previousUntil = Optional.empty();
  /** This window's start while no window was collected completely, kept in every commit's checkpoint. */
  private Optional<Instant> firstStart = Optional.empty();

  EventHistoryCollection(Settings settings, CollectionSource source, CloudTrailClient client, CheckpointStore store,
      Instant windowEnd) {
    this.settings = settings;
    this.source = source;
    this.client = client;
    this.store = store;
    this.windowEnd = windowEnd;
  }

  /**
   * Where the window starts: the overlap before what was collected; else (no window completed yet) the
   * configured start, or where a failed first run started, or the default window before the end. A start
   * given explicitly wins over a failed first run's: a user who fixes a failing first run and asks for an
   * earlier backfill gets it.
   */
  static Instant windowStart(Settings settings, Checkpoint checkpoint, Instant windowEnd) {
    return checkpoint.collectedUntil().map(until -> until.minus(settings.overlap()))
        .or(settings::startTime)
        .or(checkpoint::firstStart)
        .orElseGet(() -> windowEnd.minus(settings.defaultWindow()));
  }

  SourceResult run() {
    Checkpoint checkpoint = store.load(source);
    previousUntil = checkpoint.collectedUntil();
    Instant start = windowStart(settings, checkpoint, windowEnd);
    firstStart = store.firstStart(source, checkpoint, start);
    Map<String, Instant> seen = new HashMap<>(checkpoint.seen());
    List<Path> files = new ArrayList<>();
    int page = 0;
    long written = 0;
    long duplicates = 0;
    Optional<CollectionException> failure = Optional.empty();
    try {
      if (start.isBefore(windowEnd)) {
        String token = null;
        do {
          page++;
          LookupEventsResponse response = fetch(start, token, page);
          settings.listener().pageFetched(source, page, response.events().size());
          Map<String, Event> fresh = new LinkedHashMap<>();
          for (Event event : response.events()) {
            if (event.eventId() == null || event.eventTime() == null) {
              throw malformed(page, "an event without EventId or EventTime (EventId " + event.eventId() + ")", null);
            }
            if (seen.containsKey(event.eventId()) || fresh.containsKey(event.eventId())) {
              duplicates++;
            } else {
              fresh.put(event.eventId(), event);
            }
          }
          if (!fresh.isEmpty()) {
            written += commit(page, fresh.values(), seen, files);
          }
          token = response.nextToken();
        } while (token != null && !token.isEmpty());
      }
      Instant until = checkpoint.collectedUntil().filter(u -> u.isAfter(windowEnd)).orElse(windowEnd);
      Instant keepFrom = until.minus(settings.overlap());
      seen.values().removeIf(time -> time.isBefore(keepFrom));
      store.save(source, new Checkpoint(Optional.of(until), seen, List.of()));
    } catch (CollectionException e) {
      failure = Optional.of(e);
    }
    return new SourceResult(source, start, windowEnd, page, written, duplicates, files, failure);
  }

  private LookupEventsResponse fetch(Instant start, String token, int page) {
    LookupEventsRequest.Builder request = LookupEventsRequest.builder()
        .startTime(start)
        .endTime(windowEnd)
        .maxResults(PAGE_SIZE)
        .nextToken(token);
    settings.lookupKey().ifPresent(key -> request.lookupAttributes(
        LookupAttribute.builder().attributeKey(key).attributeValue(settings.lookupValue().orElseThrow()).build()));
    try {
      return client.lookupEvents(request.build());
    } catch (SdkException e) {
      throw new CollectionException(source, "LookupEvents page " + page + " failed ("
          + CollectionException.explain(e) + "). " + CollectionException.kept(page - 1, "Pages"), e);
    }
  }

  /** Writes one page's new records, one file per UTC day, then marks their ids as seen. */
  private long commit(int page, Iterable<Event> events, Map<String, Instant> seen, List<Path> files) {
    Map<LocalDate, List<Event>> byDay = new TreeMap<>();
    for (Event event : events) {
      byDay.computeIfAbsent(LocalDate.ofInstant(event.eventTime(), ZoneOffset.UTC), d -> new ArrayList<>()).add(event);
    }
    Path root = settings.outputDirectory();
    List<Checkpoint.Pending> pending = new ArrayList<>();
    List<Path[]> moves = new ArrayList<>();
    long count = 0;
    try {
      for (List<Event> day : byDay.values()) {
        Instant latest = day.stream().map(Event::eventTime).max(Instant::compareTo).orElseThrow();
        String relative = TrailFileWriter.relativePath(source.accountId(), source.region(), latest);
        Path target = AtomicFiles.under(root, relative);
        Path temporary = AtomicFiles.temporaryFor(target);
        moves.add(new Path[] {temporary, target});
        TrailFileWriter.write(temporary, day.stream()
            .map(e -> new TrailFileWriter.Item(e.eventId(), e.cloudTrailEvent())).toList());
        Map<String, Instant> ids = new HashMap<>();
        day.forEach(e -> ids.put(e.eventId(), e.eventTime()));
        pending.add(new Checkpoint.Pending(relative, ids));
        count += day.size();
      }
      store.save(source, new Checkpoint(previousUntil, seen, pending, firstStart));
      for (Path[] move : moves) {
        AtomicFiles.commit(move[0], move[1]);
      }
    } catch (TrailFileWriter.MalformedEvent e) {
      deleteQuietly(moves);
      throw malformed(page, "a malformed event (EventId " + e.eventId + "): " + e.getMessage(), e);
    } catch (IOException e) {
      deleteQuietly(moves);
      throw new CollectionException(source, "cannot write page " + page + " under " + root + ": " + e.getMessage()
          + ". Check the output directory's space and permissions, then run again.", e);
    }
    for (Checkpoint.Pending p : pending) {
      seen.putAll(p.ids());
    }
    store.save(source, new Checkpoint(previousUntil, seen, List.of(), firstStart));
    for (int i = 0; i < moves.size(); i++) {
      Path target = moves.get(i)[1];
      files.add(target);
      settings.listener().fileWritten(source, target, pending.get(i).ids().size());
    }
    return count;
  }

  private CollectionException malformed(int page, String what, Throwable cause) {
    return new CollectionException(source, "LookupEvents page " + page + " has " + what
        + ". Nothing of this page was written and the checkpoint was not advanced past it.", cause);
  }

  private static void deleteQuietly(List<Path[]> moves) {
    for (Path[] move : moves) {
      try {
        Files.deleteIfExists(move[0]);
      } catch (IOException ignored) {
        // a leftover hidden .partial file is skipped by readers and overwritten by the next run
      }
    }
  }
}
