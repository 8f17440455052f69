package dev.crosstrail.cli;

import dev.crosstrail.io.ReadReport;
import dev.crosstrail.io.Rejection;
import dev.crosstrail.io.SourceSummary;
import java.io.PrintWriter;

/**
 * Writes the read summary to stderr: every source with rejected records and each rejection, every
 * skipped file with its reason, and the totals; when no file at all was read, says so. A trail of thousands of clean files should not
 * print thousands of lines, so clean sources are listed only with {@code --verbose}.
 */
final class SummaryPrinter {

  private SummaryPrinter() {
  }

  /** @param listed whether {@code --rejections} lists every rejection in a file (the summary keeps the first of each source) */
  static void print(ReadReport report, boolean verbose, boolean listed, PrintWriter err) {
    for (SourceSummary s : report.sources()) {
      if (!verbose && s.rejected() == 0) {
        continue;
      }
      err.printf("%s: %s, read %d, normalized %d, rejected %d%n", s.source(), s.format(), s.read(), s.normalized(),
          s.rejected());
      for (Rejection r : s.rejections()) {
        err.printf("  rejected %s%n", r);
      }
      if (s.rejected() > s.rejections().size()) {
        err.printf("  … and %d more rejections (%s)%n", s.rejected() - s.rejections().size(),
            listed ? "every one is in the --rejections file" : "--rejections FILE lists every one");
      }
    }
    for (ReadReport.SkippedFile f : report.skipped()) {
      err.printf("%s: skipped: %s%n", f.source(), f.reason());
    }
    int sources = report.sources().size();
    err.printf("total: %d %s, read %d, normalized %d, rejected %d%s%n", sources, sources == 1 ? "source" : "sources",
        report.read(), report.normalized(), report.rejected(),
        report.skipped().isEmpty() ? "" : "; " + report.skipped().size() + " skipped (listed above)");
    int failed = report.readFailures().size();
    if (failed > 0) {
      err.printf("%d %s could not be read (listed above): the results lack their records; fix the permissions"
          + " or copy the logs somewhere readable, and run again%n", failed, failed == 1 ? "file" : "files");
    }
    if (nothingRead(report)) {
      err.printf("nothing read: no audit log file in the paths given%s%n",
          report.sources().isEmpty() && report.skipped().isEmpty() ? " (the directories are empty)"
              : "; check the paths, or the reasons above");
    }
    err.flush();
  }

  /** Whether no source at all was recognised as audit logs. */
  static boolean nothingRead(ReadReport report) {
    return report.sources().stream().noneMatch(SourceSummary::recognized);
  }
}
