package dev.crosstrail.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crosstrail.io.ReadOptions;
import dev.crosstrail.model.AuditEvent;
import dev.crosstrail.model.RecordLocation;
import org.junit.jupiter.api.Test;

/** {@link CloudTrail#normalize(String, RecordLocation, ReadOptions)} is called once per record: no mapper per call. */
class MapperCacheTest {

  @Test
  void theSameLimitsReuseOneMapperWhateverTheMode() {
    ReadOptions small = new ReadOptions(ReadOptions.Mode.LENIENT, 4096, 50);

    assertThat(CloudTrail.mapper(small)).isSameAs(CloudTrail.mapper(small));
    assertThat(CloudTrail.mapper(small.withMode(ReadOptions.Mode.STRICT))).isSameAs(CloudTrail.mapper(small));
    assertThat(CloudTrail.mapper(ReadOptions.strict())).isSameAs(CloudTrail.mapper(ReadOptions.DEFAULTS));
    assertThat(CloudTrail.mapper(small)).isNotSameAs(CloudTrail.mapper(ReadOptions.DEFAULTS));
  }

  @Test
  void aCachedMapperKeepsItsOwnLimits() {
    ReadOptions tiny = new ReadOptions(ReadOptions.Mode.LENIENT, 16 * 1024 * 1024, 9);
    String record = ReaderTest.record("e1", "2024-05-01T10:00:00Z");

    AuditEvent first = CloudTrail.normalize(record, new RecordLocation("mem", 0, 1, 0), tiny);
    AuditEvent second = CloudTrail.normalize(record, new RecordLocation("mem", 1, 2, 0), tiny);

    assertThat(first.id()).isEqualTo("e1");
    assertThat(second.location().index()).isEqualTo(1);
    assertThat(CloudTrail.mapper(tiny).getFactory().streamReadConstraints().getMaxNestingDepth()).isEqualTo(9);
  }
}
