package dev.crosstrail.io;

import static java.util.Objects.requireNonNull;

import dev.crosstrail.graph.PrincipalDirectory;
import dev.crosstrail.spi.PrincipalDirectoryFormat;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.zip.GZIPInputStream;

/**
 * Reads the directory files a user supplies into one {@link PrincipalDirectory}: for example
 * {@code aws iam list-users} and {@code aws iam list-roles} output, which map
 * {@code AIDAAJO7LBMBHLSL7RFVG} to {@code arn:aws:iam::111111111111:user/ci-deployer}, and
 * {@code gcloud iam service-accounts list --format=json} output, which maps {@code 100000000000000000001}
 * to {@code kawanago-crosscloud-test-1@my-gcp-project.iam.gserviceaccount.com}.
 *
 * <pre>{@code
 * PrincipalDirectory directory = PrincipalDirectories.read(List.of(
 *     Path.of("aws-111111111111-iam-list-roles.json"),
 *     Path.of("gcp-my-gcp-project-service-accounts.json.gz")));
 * PrincipalGraph graph = PrincipalGraph.builder().directory(directory).build();
 * }</pre>
 *
 * <p>Each file's format is recognised from its content (gzip or not, then the JSON shape), never
 * from its name, by the {@link PrincipalDirectoryFormat}s the provider modules register. A file the
 * user named is never skipped: one that is missing, unreadable, unrecognised or malformed is an
 * error naming it, and so is an id that two entries map to different values.
 */
public final class PrincipalDirectories {

  private PrincipalDirectories() {}

  /**
   * Reads every file, in order, with the formats found on the class path.
   *
   * @throws CrossTrailException when no directory format is on the class path, or when a file is
   *     missing, unreadable, not a recognised directory format or malformed, or gives an id a second,
   *     different value
   */
  public static PrincipalDirectory read(List<Path> files) {
    requireNonNull(files, "files");
    return read(files, load());
  }

  /**
   * Reads files and folders of listings, in order, with the formats found on the class path. A file
   * named in {@code paths} must be a listing, as with {@link #read(List)}; a file found in a named
   * folder that is empty or no listing (a README, the logs beside the listings) is handed to
   * {@code skipped} with the reason and not read, as {@link AuditLogs} treats log folders.
   *
   * @throws CrossTrailException as {@link #read(List)} does, for named files and for malformed listings
   */
  public static PrincipalDirectory read(List<Path> paths, Consumer<ReadReport.SkippedFile> skipped) {
    requireNonNull(paths, "paths");
    requireNonNull(skipped, "skipped");
    List<PrincipalDirectoryFormat> formats = load();
    PrincipalDirectory.Builder builder = PrincipalDirectory.builder();
    for (Path path : paths) {
      if (Files.isDirectory(path)) {
        for (Path found : AuditLogs.expand(List.of(path))) {
          readIfListing(found, formats, builder, true)
              .ifPresent(reason -> skipped.accept(new ReadReport.SkippedFile(found.toString(), reason)));
        }
      } else {
        read(path, formats, builder);
      }
    }
    return builder.build();
  }

  /** The formats registered with {@link ServiceLoader}. */
  static List<PrincipalDirectoryFormat> load() {
    List<PrincipalDirectoryFormat> found = new ArrayList<>();
    ServiceLoader.load(PrincipalDirectoryFormat.class).forEach(found::add);
    if (found.isEmpty()) {
      throw new CrossTrailException("No principal directory format found on the class path. Add "
          + "dev.crosstrail:crosstrail-aws (aws iam list-users / list-roles output) and/or "
          + "dev.crosstrail:crosstrail-gcp (gcloud iam service-accounts list output) as a dependency.");
    }
    return found;
  }

  /** Reads every file, in order, with exactly these formats, tried in order. */
  static PrincipalDirectory read(List<Path> files, List<PrincipalDirectoryFormat> formats) {
    PrincipalDirectory.Builder builder = PrincipalDirectory.builder();
    for (Path file : files) {
      read(file, formats, builder);
    }
    return builder.build();
  }

  private static void read(Path file, List<PrincipalDirectoryFormat> formats, PrincipalDirectory.Builder into) {
    if (Files.isDirectory(file)) {
      throw new CrossTrailException("Directory file " + file + " is a folder: name the listing files in it "
          + "instead, or read it with PrincipalDirectories.read(paths, skipped), which reads the listings in a "
          + "folder and hands the other files to skipped");
    }
    readIfListing(file, formats, into, false).ifPresent(reason -> {
      throw new CrossTrailException("Directory file " + file + " " + reason + "; accepted: " + accepted(formats)
          + " (a folder named instead is searched for listings, and its other files are skipped: the CLI's"
          + " --directory FOLDER, the library's PrincipalDirectories.read(paths, skipped))");
    });
  }

  /**
   * Reads {@code file} into {@code into} if it is a listing; else says why not ("is empty", "is not in a
   * format …", and for a file {@code found} in a folder "cannot be read …": a truncated download, say).
   * Other failures (unreadable named files, malformed listings, a conflicting id) throw.
   */
  private static Optional<String> readIfListing(Path file, List<PrincipalDirectoryFormat> formats,
      PrincipalDirectory.Builder into, boolean found) {
    String source = file.toString();
    try (InputStream raw = Files.newInputStream(file)) {
      InputStream in = decompressIfGzip(raw);
      in.mark(1);
      if (in.read() < 0) {
        return Optional.of("is empty");
      }
      in.reset();
      for (PrincipalDirectoryFormat format : formats) {
        in.mark(PrincipalDirectoryFormat.SNIFF_LIMIT);
        if (format.read(source, in, into)) {
          return Optional.empty();
        }
        in.reset();
      }
      return Optional.of("is not in a format crosstrail recognises");
    } catch (NoSuchFileException e) {
      throw new CrossTrailException("No such directory file: " + file, e);
    } catch (IOException e) {
      if (found) {
        return Optional.of("cannot be read (" + e.getMessage() + ")");
      }
      throw new CrossTrailException("Cannot read directory file " + file + ": " + e.getMessage(), e);
    } catch (IllegalArgumentException e) {
      throw new CrossTrailException("Directory file " + file + ": " + e.getMessage(), e);
    }
  }

  private static String accepted(List<PrincipalDirectoryFormat> formats) {
    return formats.stream().map(PrincipalDirectoryFormat::description).collect(Collectors.joining("; "));
  }

  private static InputStream decompressIfGzip(InputStream in) throws IOException {
    BufferedInputStream buffered = new BufferedInputStream(in, PrincipalDirectoryFormat.SNIFF_LIMIT);
    buffered.mark(2);
    int b1 = buffered.read();
    int b2 = buffered.read();
    buffered.reset();
    if (b1 == 0x1f && b2 == 0x8b) {
      return new BufferedInputStream(new GZIPInputStream(buffered, 64 * 1024), PrincipalDirectoryFormat.SNIFF_LIMIT);
    }
    return buffered;
  }
}
