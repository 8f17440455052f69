package dev.crosstrail.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.crosstrail.graph.PrincipalDirectory;
import dev.crosstrail.spi.PrincipalDirectoryFormat;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The facade's own duties: every file is tried with every format, from its content (plain or gzip),
 * and a file the user named is never skipped. Two tiny line formats stand in for the providers:
 * "#aws-ids" then "ID ARN" lines, and "#sa-ids" then "ID EMAIL" lines. Each reads its head under a
 * mark and resets, as the SPI's contract asks.
 */
class PrincipalDirectoriesTest {

  @TempDir
  Path dir;

  private final List<PrincipalDirectoryFormat> formats =
      List.of(new LineFormat("#aws-ids", true), new LineFormat("#sa-ids", false));

  @Test
  void readsEachFileWithTheFormatThatRecognisesItsContent() throws IOException {
    Path sa = write("roles.json", "#sa-ids\n100000000000000000001 sa1@my-gcp-project.iam.gserviceaccount.com\n");
    Path aws = write("accounts.json", "#aws-ids\nAIDAAJO7LBMBHLSL7RFVG arn:aws:iam::111111111111:user/ci-deployer\n");

    PrincipalDirectory d = PrincipalDirectories.read(List.of(sa, aws), formats);

    assertThat(d.serviceAccountEmail("100000000000000000001"))
        .contains("sa1@my-gcp-project.iam.gserviceaccount.com");
    assertThat(d.awsArn("AIDAAJO7LBMBHLSL7RFVG")).contains("arn:aws:iam::111111111111:user/ci-deployer");
    assertThat(d.awsArns()).hasSize(1);
    assertThat(d.serviceAccountEmails()).hasSize(1);
  }

  @Test
  void aSecondFormatSeesTheWholeGzipStreamAfterTheFirstDeclinedPastTheBuffer() throws IOException {
    // The first format reads 64 KiB before declining; the second must still get line 1 and the last line.
    StringBuilder content = new StringBuilder("#sa-ids\n");
    for (int i = 0; i < 5000; i++) {
      content.append(String.format("1%020d sa%d@p.iam.gserviceaccount.com%n", i, i));
    }
    Path gz = dir.resolve("listing.bin");
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
      out.write(content.toString().getBytes(StandardCharsets.UTF_8));
    }
    assertThat(content.length()).isGreaterThan(3 * PrincipalDirectoryFormat.SNIFF_LIMIT);

    PrincipalDirectory d = PrincipalDirectories.read(List.of(gz), formats);

    assertThat(d.serviceAccountEmails()).hasSize(5000);
    assertThat(d.serviceAccountEmail("100000000000000000000")).contains("sa0@p.iam.gserviceaccount.com");
    assertThat(d.serviceAccountEmail("100000000000000004999")).contains("sa4999@p.iam.gserviceaccount.com");
  }

  @Test
  void anUnrecognisedFileIsAnErrorNamingItAndTheAcceptedFormats() throws IOException {
    Path trail = write("111111111111_CloudTrail_us-east-1.json", "{\"Records\":[]}");

    assertThatThrownBy(() -> PrincipalDirectories.read(List.of(trail), formats))
        .isInstanceOf(CrossTrailException.class)
        .hasMessageContaining(trail.toString())
        .hasMessageContaining("not in a format crosstrail recognises")
        .hasMessageContaining("lines after #aws-ids; lines after #sa-ids");
  }

  @Test
  void emptyMissingAndFolderInputsAreErrorsNamingThem() throws IOException {
    Path empty = write("empty.json", "");
    Path missing = dir.resolve("nope.json");

    assertThatThrownBy(() -> PrincipalDirectories.read(List.of(empty), formats))
        .isInstanceOf(CrossTrailException.class).hasMessageContaining(empty + " is empty");
    assertThatThrownBy(() -> PrincipalDirectories.read(List.of(missing), formats))
        .isInstanceOf(CrossTrailException.class).hasMessage("No such directory file: " + missing);
    assertThatThrownBy(() -> PrincipalDirectories.read(List.of(dir), formats))
        .isInstanceOf(CrossTrailException.class).hasMessageContaining(dir + " is a folder");
  }

  @Test
  void anIdMappedTwiceToDifferentValuesAcrossFilesIsAnErrorNamingTheFileAndBothValues() throws IOException {
    Path first = write("a.txt", "#aws-ids\nAROAZ3RCLG2HGFGWF3LPI arn:aws:iam::111111111111:role/kawanago-crosscloud-test\n");
    Path second = write("b.txt", "#aws-ids\nAROAZ3RCLG2HGFGWF3LPI arn:aws:iam::111111111111:role/other\n");
    Path same = write("c.txt", "#aws-ids\nAROAZ3RCLG2HGFGWF3LPI arn:aws:iam::111111111111:role/kawanago-crosscloud-test\n");

    assertThat(PrincipalDirectories.read(List.of(first, same), formats).awsArns()).hasSize(1);
    assertThatThrownBy(() -> PrincipalDirectories.read(List.of(first, second), formats))
        .isInstanceOf(CrossTrailException.class)
        .hasMessageContaining("Directory file " + second)
        .hasMessageContaining("AROAZ3RCLG2HGFGWF3LPI")
        .hasMessageContaining("arn:aws:iam::111111111111:role/kawanago-crosscloud-test")
        .hasMessageContaining("arn:aws:iam::111111111111:role/other");
  }

  @Test
  void withoutAProviderOnTheClassPathTheErrorNamesTheArtifactsToAdd() throws IOException {
    Path file = write("users.json", "#aws-ids\n");

    assertThatThrownBy(() -> PrincipalDirectories.read(List.of(file)))
        .isInstanceOf(CrossTrailException.class)
        .hasMessageContaining("dev.crosstrail:crosstrail-aws")
        .hasMessageContaining("dev.crosstrail:crosstrail-gcp");
  }

  private Path write(String name, String content) throws IOException {
    Path file = dir.resolve(name);
    Files.writeString(file, content);
    return file;
  }

  /** A stand-in format: a header line, then "ID VALUE" lines. Sniffs a full SNIFF_LIMIT head, as a real one may. */
  private static final class LineFormat implements PrincipalDirectoryFormat {
    private final String header;
    private final boolean aws;

    LineFormat(String header, boolean aws) {
      this.header = header;
      this.aws = aws;
    }

    @Override
    public String description() {
      return "lines after " + header;
    }

    @Override
    public boolean read(String source, InputStream in, PrincipalDirectory.Builder into) throws IOException {
      in.mark(SNIFF_LIMIT);
      byte[] head = in.readNBytes(SNIFF_LIMIT);
      in.reset();
      BufferedReader sniff = new BufferedReader(new InputStreamReader(new ByteArrayInputStream(head),
          StandardCharsets.UTF_8));
      if (!header.equals(sniff.readLine())) {
        return false;
      }
      BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      lines.readLine();
      String line;
      while ((line = lines.readLine()) != null) {
        String[] parts = line.split(" ");
        if (aws) {
          into.awsPrincipal(parts[0], parts[1]);
        } else {
          into.serviceAccount(parts[0], parts[1]);
        }
      }
      return true;
    }
  }
}
