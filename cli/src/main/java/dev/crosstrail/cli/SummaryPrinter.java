package dev.crosstrail.cli;

import dev.crosstrail.io.ReadReport;
import dev.crosstrail.io.Rejection;
import dev.crosstrail.io.SourceSummary;
import java.io.PrintWriter;

/** Writes the per-source read summary, with every kept rejection, to stderr. */
final class SummaryPrinter {

  private SummaryPrinter() {
  }

  static void print(ReadReport report, PrintWriter err) {
    for (SourceSummary s : report.sources()) {
      err.printf("%s: %s, read %d, normalized %d, rejected %d%n", s.source(), s.format(), s.read(), s.normalized(),
          s.rejected());
      for (Rejection r : s.rejections()) {
        err.printf("  rejected %s%n", r);
      }
      if (s.rejected() > s.rejections().size()) {
        err.printf("  … and %d more rejections%n", s.rejected() - s.rejections().size());
      }
    }
    err.printf("total: %d sources, read %d, normalized %d, rejected %d%n", report.sources().size(), report.read(),
        report.normalized(), report.rejected());
    err.flush();
  }
}
