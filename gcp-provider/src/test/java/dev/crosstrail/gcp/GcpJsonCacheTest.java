package dev.crosstrail.gcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crosstrail.io.ReadOptions;
import org.junit.jupiter.api.Test;

/** {@link CloudAuditLogs#normalize} is called once per entry: no Jackson setup built per call. */
class GcpJsonCacheTest {

  @Test
  void theSameLimitsReuseOneSetupWhateverTheMode() {
    ReadOptions small = new ReadOptions(ReadOptions.Mode.LENIENT, 4096, 50);

    assertThat(GcpJson.of(small)).isSameAs(GcpJson.of(small));
    assertThat(GcpJson.of(small.withMode(ReadOptions.Mode.STRICT))).isSameAs(GcpJson.of(small));
    assertThat(GcpJson.of(ReadOptions.strict())).isSameAs(GcpJson.of(ReadOptions.DEFAULTS));
    assertThat(GcpJson.of(small)).isNotSameAs(GcpJson.of(ReadOptions.DEFAULTS));
    assertThat(GcpJson.of(small).factory().streamReadConstraints().getMaxStringLength()).isEqualTo(4096);
  }
}
