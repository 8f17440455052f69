package dev.crosstrail.aws.collect;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Copies one account's and region's trail files for the days of the window from a trail bucket,
 * object by object (streamed to disk, never held in memory), skipping digests and keys already fetched.
 */
final class TrailBucketCollection {

  private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy/MM/dd");

  private final Settings settings;
  private final TrailBucket bucket;
  private final CollectionSource source;
  private final S3Client client;
  private final CheckpointStore store;
  private final Instant windowEnd;
  /** This window's start while no window was collected completely, kept in every commit's checkpoint. */
  private Optional<Instant> firstStart = Optional.empty();

  TrailBucketCollection(Settings settings, TrailBucket bucket, CollectionSource source, S3Client client,
      CheckpointStore store, Instant windowEnd) {
    this.settings = settings;
    this.bucket = bucket;
    this.source = source;
    this.client = client;
    this.store = store;
    this.windowEnd = windowEnd;
  }

  static boolean isDigest(String key) {
    return key.contains("/CloudTrail-Digest/") || key.contains("_CloudTrail-Digest_");
  }

  SourceResult run() {
    Checkpoint checkpoint = store.load(source);
    Optional<Instant> previousUntil = checkpoint.collectedUntil();
    Instant start = EventHistoryCollection.windowStart(settings, checkpoint, windowEnd);
    firstStart = store.firstStart(source, checkpoint, start);
    Map<String, Instant> seen = new HashMap<>(checkpoint.seen());
    List<Path> files = new ArrayList<>();
    List<Refused> refused = new ArrayList<>();
    int pages = 0;
    long duplicates = 0;
    Optional<CollectionException> failure = Optional.empty();
    try {
      LocalDate last = LocalDate.ofInstant(windowEnd, ZoneOffset.UTC);
      for (LocalDate day = LocalDate.ofInstant(start, ZoneOffset.UTC); !day.isAfter(last); day = day.plusDays(1)) {
        Instant dayStart = day.atStartOfDay(ZoneOffset.UTC).toInstant();
        String prefix = bucket.logsRoot() + source.accountId() + "/CloudTrail/" + source.region() + "/"
            + DAY.format(day) + "/";
        String token = null;
        do {
          pages++;
          ListObjectsV2Response listing = list(prefix, token);
          settings.listener().pageFetched(source, pages, listing.contents().size());
          for (S3Object object : listing.contents()) {
            String key = object.key();
            if (isDigest(key) || key.endsWith("/")) {
              continue;
            }
            if (seen.containsKey(key)) {
              duplicates++;
              continue;
            }
            Path file;
            try {
              file = fetch(key, dayStart, previousUntil, seen);
            } catch (CollectionException e) {
              // this object alone is refused (no access, its KMS key, archived): the others still come
              refused.add(new Refused("s3://" + bucket.name() + "/" + key, refusal(e).orElseThrow(() -> e)));
              continue;
            }
            files.add(file);
            settings.listener().fileWritten(source, file, -1);
          }
          token = Boolean.TRUE.equals(listing.isTruncated()) ? listing.nextContinuationToken() : null;
        } while (token != null && !token.isEmpty());
      }
      if (!refused.isEmpty()) {
        throw refusedObjects(refused);
      }
      Instant until = previousUntil.filter(u -> u.isAfter(windowEnd)).orElse(windowEnd);
      Instant keepFrom = LocalDate.ofInstant(until.minus(settings.overlap()), ZoneOffset.UTC)
          .atStartOfDay(ZoneOffset.UTC).toInstant();
      seen.values().removeIf(time -> time.isBefore(keepFrom));
      store.save(source, new Checkpoint(Optional.of(until), seen, List.of()));
    } catch (CollectionException e) {
      failure = Optional.of(e);
    }
    return new SourceResult(source, start, windowEnd, pages, 0, duplicates, files, failure);
  }

  /**
   * S3's refusal of this one object for a reason of its own (403: access denied, a KMS key the
   * credentials cannot use, an archived object; 404: deleted since it was listed), as opposed to a
   * failure that would strike every object (the network, throttling past the retries, the disk).
   */
  private static Optional<S3Exception> refusal(CollectionException e) {
    return e.getCause() instanceof S3Exception s3 && (s3.statusCode() == 403 || s3.statusCode() == 404)
        ? Optional.of(s3) : Optional.empty();
  }

  /** An object S3 refused, and its answer. */
  private record Refused(String object, S3Exception cause) {}

  /**
   * The source's failure when objects were refused: every other object of the window is written, and the
   * checkpoint stays where the window started, so that each run asks for the refused ones again.
   */
  private CollectionException refusedObjects(List<Refused> refused) {
    Refused first = refused.get(0);
    return new CollectionException(source, refused.size() + (refused.size() == 1 ? " object" : " objects")
        + " could not be fetched, first " + first.object() + " (" + CollectionException.explain(first.cause())
        + "). Every other object of the"
        + " window is written; the checkpoint stays at the window's start, so each run asks for the refused objects"
        + " again (the others are skipped as already written) until they can be read: grant s3:GetObject (and"
        + " kms:Decrypt for an SSE-KMS trail), or restore archived objects.", first.cause());
  }

  private ListObjectsV2Response list(String prefix, String token) {
    try {
      return client.listObjectsV2(ListObjectsV2Request.builder()
          .bucket(bucket.name()).prefix(prefix).continuationToken(token).build());
    } catch (SdkException e) {
      throw new CollectionException(source, "listing s3://" + bucket.name() + "/" + prefix + " failed ("
          + CollectionException.explain(e) + "). Objects before it are written and checkpointed: run again to"
          + " fetch the rest.", e);
    }
  }

  private Path fetch(String key, Instant dayStart, Optional<Instant> previousUntil, Map<String, Instant> seen) {
    Path target;
    try {
      target = AtomicFiles.under(settings.outputDirectory(), key);
    } catch (IllegalArgumentException e) {
      throw new CollectionException(source, "object key '" + key + "' cannot be stored: " + e.getMessage(), e);
    }
    Path temporary = null;
    try {
      temporary = AtomicFiles.temporaryFor(target);
      Files.deleteIfExists(temporary);
      client.getObject(GetObjectRequest.builder().bucket(bucket.name()).key(key).build(),
          ResponseTransformer.toFile(temporary));
      store.save(source, new Checkpoint(previousUntil, seen, List.of(new Checkpoint.Pending(key, Map.of(key, dayStart))),
          firstStart));
      AtomicFiles.commit(temporary, target);
    } catch (SdkException | IOException e) {
      deleteQuietly(temporary);
      String why = e instanceof SdkException sdk ? CollectionException.explain(sdk) : e.getMessage();
      throw new CollectionException(source, "fetching s3://" + bucket.name() + "/" + key + " failed (" + why
          + "). Objects before it are written and checkpointed: run again to fetch the rest.", e);
    }
    seen.put(key, dayStart);
    store.save(source, new Checkpoint(previousUntil, seen, List.of(), firstStart));
    return target;
  }

  private static void deleteQuietly(Path temporary) {
    if (temporary != null) {
      try {
        Files.deleteIfExists(temporary);
      } catch (IOException ignored) {
        // a leftover hidden .partial file is skipped by readers and replaced by the next run
      }
    }
  }
}
