package dev.crosstrail.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class ParallelTasksTest {

  @Test
  void resultsComeInTaskOrder() {
    List<Callable<Integer>> tasks = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      int n = i;
      tasks.add(() -> {
        Thread.sleep((50 - n) % 7);
        return n * n;
      });
    }

    List<Integer> results = ParallelTasks.run(tasks, 4, "test", "squaring");

    assertThat(results).hasSize(50);
    for (int i = 0; i < 50; i++) {
      assertThat(results.get(i)).isEqualTo(i * i);
    }
  }

  @Test
  void aFailureStopsTheOtherTasksAndIsRethrownAsItselfOnceTheyHaveEnded() {
    CountDownLatch slowStarted = new CountDownLatch(1);
    AtomicBoolean slowStillRunning = new AtomicBoolean();
    AtomicBoolean slowInterrupted = new AtomicBoolean();
    Callable<Integer> slow = () -> {
      slowStillRunning.set(true);
      slowStarted.countDown();
      try {
        Thread.sleep(60_000);
      } catch (InterruptedException e) {
        slowInterrupted.set(true); // the other task's failure stopped this one
      }
      slowStillRunning.set(false);
      return 1;
    };
    Callable<Integer> failing = () -> {
      slowStarted.await();
      throw new IllegalStateException("disk full");
    };
    Callable<Integer> erring = () -> {
      throw new StackOverflowError("deep");
    };

    assertThatThrownBy(() -> ParallelTasks.run(List.of(slow, failing), 2, "test", "working"))
        .isInstanceOf(IllegalStateException.class).hasMessage("disk full");
    assertThat(slowStillRunning).as("the other task ended before run() threw").isFalse();
    assertThat(slowInterrupted).as("the slow task was stopped, not waited out").isTrue();
    assertThatThrownBy(() -> ParallelTasks.run(List.of(erring), 1, "test", "working"))
        .isInstanceOf(StackOverflowError.class);
  }
}
