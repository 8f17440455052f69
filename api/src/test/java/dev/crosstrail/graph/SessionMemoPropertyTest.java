package dev.crosstrail.graph;

import static dev.crosstrail.graph.Fx.assumeRole;
import static dev.crosstrail.graph.Fx.awsCall;
import static dev.crosstrail.graph.Fx.session;
import static org.assertj.core.api.Assertions.assertThat;

import dev.crosstrail.model.AuditEvent;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * The answers a graph shares across queries ({@link Resolver.SessionMemo}) must be exactly those of a
 * fresh graph, whatever was asked before and from however many threads. Random small worlds of
 * sessions that issue each other's keys at colliding times (so walks loop and meet the actor's own
 * time), reused keys (several issuances of one key), and calls at those same times.
 */
class SessionMemoPropertyTest {

  private static final String A = "222222222222";
  private static final String B = "111111111111";
  private static final String[] TIMES = {"2024-05-01T10:00:00Z", "2024-05-01T10:10:00Z", "2024-05-01T10:20:00Z",
      "2024-05-01T10:30:00Z"};
  private static final int WORLDS = 300;

  private record World(List<AuditEvent> identity, List<AuditEvent> calls, List<String> principals) {}

  private static World world(Random rnd) {
    int sessions = 2 + rnd.nextInt(4);
    int issuances = 2 + rnd.nextInt(8);
    List<AuditEvent> identity = new ArrayList<>();
    Map<Integer, List<String>> keysOf = new HashMap<>();
    for (int j = 0; j < issuances; j++) {
      int to = rnd.nextInt(sessions);
      String key = "ASIAK" + (j > 0 && rnd.nextInt(3) == 0 ? rnd.nextInt(j) : j); // sometimes issued again
      String time = TIMES[rnd.nextInt(TIMES.length)];
      int from = rnd.nextInt(sessions + 1);
      Fx.EventBuilder b;
      if (from == sessions) {
        b = assumeRole("ar-" + j, time, Fx.user(A, "alice"), session(B, "R" + to, "s"), key);
      } else {
        List<String> known = keysOf.getOrDefault(from, List.of());
        String callerKey = known.isEmpty() || rnd.nextInt(4) == 0
            ? "ASIAK" + rnd.nextInt(issuances) : known.get(rnd.nextInt(known.size()));
        b = assumeRole("ar-" + j, time, session(B, "R" + from, "s"), session(B, "R" + to, "s"), key).key(callerKey);
      }
      keysOf.computeIfAbsent(to, k -> new ArrayList<>()).add(key);
      identity.add(b.build());
    }
    List<AuditEvent> calls = new ArrayList<>();
    for (int c = 0; c < 12; c++) {
      int s = rnd.nextInt(sessions);
      List<String> keys = keysOf.getOrDefault(s, List.of("ASIAK0"));
      String time = rnd.nextBoolean() ? TIMES[rnd.nextInt(TIMES.length)] : "2024-05-01T10:0" + rnd.nextInt(10) + ":00Z";
      calls.add(awsCall("c" + c, time, session(B, "R" + s, "s"), "GetObject").key(keys.get(rnd.nextInt(keys.size())))
          .build());
    }
    List<String> principals = new ArrayList<>(List.of(Fx.user(A, "alice").id()));
    for (int s = 0; s < sessions; s++) {
      principals.add(session(B, "R" + s, "s").id());
    }
    return new World(identity, calls, principals);
  }

  private static DefaultPrincipalGraph graph(List<AuditEvent> events, boolean retain) {
    DefaultPrincipalGraph g = (DefaultPrincipalGraph) PrincipalGraph.builder().retainActions(retain).build();
    g.addAll(events);
    return g;
  }

  @Test
  void sharedAnswersEqualFreshOnesInAnyOrderAndFromSeveralThreads() throws Exception {
    int reused = 0;
    int cut = 0;
    ExecutorService threads = Executors.newFixedThreadPool(2);
    try {
      for (int seed = 0; seed < WORLDS; seed++) {
        Random rnd = new Random(seed);
        World w = world(rnd);
        Map<String, Attribution> fresh = new HashMap<>();
        for (AuditEvent call : w.calls()) {
          Attribution a = graph(w.identity(), false).attribute(call);
          fresh.put(call.id(), a);
          cut += Resolver.isCutGaps(a.gaps()) ? 1 : 0;
        }

        assertThat(graph(w.identity(), false).attributeAll(w.calls())).as("world %d, in one batch", seed)
            .containsExactlyElementsOf(w.calls().stream().map(c -> fresh.get(c.id())).toList());

        DefaultPrincipalGraph shared = graph(w.identity(), false);
        List<AuditEvent> queries = new ArrayList<>(w.calls());
        queries.addAll(w.calls());
        Collections.shuffle(queries, rnd);
        for (AuditEvent call : queries) {
          long before = shared.resolverSteps.sum();
          assertThat(shared.attribute(call)).as("world %d, call %s", seed, call.id()).isEqualTo(fresh.get(call.id()));
          reused += shared.resolverSteps.sum() - before == 1 ? 1 : 0;
        }

        DefaultPrincipalGraph concurrent = graph(w.identity(), false);
        List<Future<?>> running = new ArrayList<>();
        for (int t = 0; t < 2; t++) {
          Random own = new Random(seed * 31L + t);
          running.add(threads.submit(() -> {
            for (int i = 0; i < 100; i++) {
              AuditEvent call = w.calls().get(own.nextInt(w.calls().size()));
              assertThat(concurrent.attribute(call)).isEqualTo(fresh.get(call.id()));
            }
          }));
        }
        for (Future<?> f : running) {
          f.get();
        }

        // activity() shares one resolver over many attributions: with and without remembered answers
        List<AuditEvent> all = new ArrayList<>(w.identity());
        all.addAll(w.calls());
        DefaultPrincipalGraph empty = graph(all, true);
        DefaultPrincipalGraph primed = graph(all, true);
        w.calls().forEach(primed::attribute);
        for (String id : w.principals()) {
          empty.sessionMemo.clear();
          assertThat(primed.activity(id)).as("world %d, activity of %s", seed, id).isEqualTo(empty.activity(id));
        }
      }
    } finally {
      threads.shutdownNow();
    }
    assertThat(reused).as("answers reused across queries").isGreaterThan(1_000);
    assertThat(cut).as("answers cut at a loop").isGreaterThan(50);
  }
}
