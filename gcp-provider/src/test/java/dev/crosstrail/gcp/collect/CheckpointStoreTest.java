package dev.crosstrail.gcp.collect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.crosstrail.io.CrossTrailException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointStoreTest {

  @TempDir Path out;

  @Test
  void shardMoveLeftPendingByACrashIsCompletedOnTheNextLoad() throws Exception {
    Path dir = Files.createDirectories(out.resolve("cloudaudit.googleapis.com/activity/2024/05/01"));
    Path temp = Files.writeString(dir.resolve(".13:00:00_13:59:59_S0.json.tmp"), "{\"insertId\":\"a1\"}\n");
    CheckpointStore store = new CheckpointStore(out);
    store.save(new Checkpoint("projects/p1", "(x)", Instant.parse("2024-05-01T13:10:00Z"),
        List.of(new Checkpoint.Seen("a1", Instant.parse("2024-05-01T13:10:00Z"))),
        List.of(new Checkpoint.PendingMove("cloudaudit.googleapis.com/activity/2024/05/01/.13:00:00_13:59:59_S0.json.tmp",
            "cloudaudit.googleapis.com/activity/2024/05/01/13:00:00_13:59:59_S0.json"))));

    Checkpoint loaded = store.load("projects/p1", "(x)").orElseThrow();

    assertThat(temp).doesNotExist();
    assertThat(dir.resolve("13:00:00_13:59:59_S0.json")).hasContent("{\"insertId\":\"a1\"}");
    assertThat(loaded.recent()).containsExactly(new Checkpoint.Seen("a1", Instant.parse("2024-05-01T13:10:00Z")));
    // loading again finds the move done and changes nothing
    assertThat(store.load("projects/p1", "(x)")).contains(loaded);
  }

  @Test
  void damagedCheckpointSaysHowToRecover() throws Exception {
    CheckpointStore store = new CheckpointStore(out);
    Files.writeString(store.file("projects/p1", "(x)"), "{\"version\": 1, \"resourceName\": \"projects/p1\"");

    assertThatThrownBy(() -> store.load("projects/p1", "(x)"))
        .isInstanceOf(CrossTrailException.class)
        .hasMessageContaining("is not readable")
        .hasMessageContaining("Delete it to collect the whole window again");
  }

  @Test
  void noCheckpointYetIsEmpty() {
    assertThat(new CheckpointStore(out).load("projects/p1", "(x)")).isEmpty();
  }
}
