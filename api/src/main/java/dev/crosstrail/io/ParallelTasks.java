package dev.crosstrail.io;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Runs independent tasks on a fixed pool of daemon threads, for crosstrail's own parallel passes
 * ({@link AuditLogs} reads one file per task, {@code StreamAttribution} attributes one spill file per
 * task). The first failure ends the call with the task's own exception; the other tasks are
 * interrupted and waited for, so that nothing they call back into (a caller's sink) runs once this
 * method has returned or thrown.
 */
public final class ParallelTasks {

  private ParallelTasks() {}

  /**
   * The tasks' results, in task order.
   *
   * @param threads at most this many tasks run at once
   * @param threadName the name of the pool's threads (shown in thread dumps and profiles)
   * @param what what the tasks do, for the message when the caller is interrupted
   */
  public static <T> List<T> run(List<? extends Callable<T>> tasks, int threads, String threadName, String what) {
    ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(threads, tasks.size())), r -> {
      Thread t = new Thread(r, threadName);
      t.setDaemon(true);
      return t;
    });
    try {
      // Results are taken as tasks finish, not in task order, so that a failure stops the run at once
      // instead of after every task submitted before it.
      CompletionService<T> done = new ExecutorCompletionService<>(pool);
      Map<Future<T>, Integer> index = new HashMap<>();
      for (int i = 0; i < tasks.size(); i++) {
        index.put(done.submit(tasks.get(i)), i);
      }
      List<T> results = new ArrayList<>(Collections.nCopies(tasks.size(), null));
      for (int n = 0; n < tasks.size(); n++) {
        Future<T> f = done.take();
        results.set(index.get(f), f.get());
      }
      return results;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CrossTrailException("Interrupted while " + what, e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException re) {
        throw re;
      }
      if (e.getCause() instanceof Error error) {
        throw error;
      }
      throw new CrossTrailException(what + " failed: " + e.getCause(), e.getCause());
    } finally {
      shutDownAndWait(pool);
    }
  }

  private static void shutDownAndWait(ExecutorService pool) {
    pool.shutdownNow();
    boolean interrupted = false;
    while (true) {
      try {
        if (pool.awaitTermination(1, TimeUnit.MINUTES)) {
          break;
        }
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }
}
