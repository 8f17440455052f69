package dev.crosstrail.graph;

import static dev.crosstrail.graph.Fx.assumeRole;
import static dev.crosstrail.graph.Fx.aws;
import static dev.crosstrail.graph.Fx.awsAccount;
import static dev.crosstrail.graph.Fx.awsCall;
import static dev.crosstrail.graph.Fx.awsSubject;
import static dev.crosstrail.graph.Fx.exchangeToken;
import static dev.crosstrail.graph.Fx.gcp;
import static dev.crosstrail.graph.Fx.generateAccessToken;
import static dev.crosstrail.graph.Fx.googleUser;
import static dev.crosstrail.graph.Fx.sa;
import static dev.crosstrail.graph.Fx.service;
import static dev.crosstrail.graph.Fx.session;
import static dev.crosstrail.graph.Fx.switchRole;
import static dev.crosstrail.graph.Fx.traced;
import static dev.crosstrail.graph.Fx.user;
import static org.assertj.core.api.Assertions.assertThat;

import dev.crosstrail.model.AuditEvent;
import dev.crosstrail.model.Hop;
import dev.crosstrail.model.HopMechanism;
import dev.crosstrail.model.Principal;
import dev.crosstrail.model.Strength;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The same records, added in any order, in any number of batches, with duplicates, give identical
 * answers to every query; stream mode gives the same attributions without retaining actions.
 */
class OrderIndependenceTest {

  static List<AuditEvent> corpus() {
    List<AuditEvent> all = new ArrayList<>();
    // seed 000
    Principal miyamoto = user("222222222222", "miyamoto");
    Principal switchSession = session("111111111111", "SwitchRole", "miyamoto");
    all.add(switchRole("53964c04-8156-423d-b89e-cf97de594149", "2018-11-16T15:12:19Z", miyamoto, switchSession)
        .build());
    all.add(awsCall("c3297949-e0cf-4374-a350-83fe3b96c60d", "2018-11-16T15:15:04Z", switchSession, "HeadBucket")
        .key("ASIAR2S4A2FVYII6OLNX").issuedAt("2018-11-16T15:14:56Z").console().build());
    // seed 001 with both cross-account copies, an owner-only pair and a denied attempt
    Principal admin = user("222222222222", "test-admin");
    Principal s1 = session("111111111111", "TestEC2FullRoleForOtherAccount1", "unknown-user-name");
    all.add(assumeRole("o-caller", "2024-05-01T10:00:00Z", admin, s1, "ASIAO1").shared("sh-1").build());
    all.add(assumeRole("o-owner", "2024-05-01T10:00:00Z", awsAccount("222222222222", "AIDAADMIN"), s1, "ASIAO1")
        .shared("sh-1").build());
    all.add(awsCall("o-call", "2024-05-01T10:02:00Z", s1, "RunInstances").key("ASIAO1").build());
    Principal s1b = session("111111111111", "TestEC2FullRoleForOtherAccount1", "someone");
    all.add(assumeRole("o-owner-only", "2024-05-01T11:00:00Z", awsAccount("333333333333", "AIDAOTHER"), s1b, "ASIAO2")
        .shared("sh-2").build());
    all.add(awsCall("o-call-2", "2024-05-01T11:02:00Z", s1b, "RunInstances").key("ASIAO2").build());
    all.add(aws("o-denied", "2024-05-01T10:01:00Z", "sts.amazonaws.com", "AssumeRole", admin)
        .resource("arn:aws:iam::111111111111:role/TestEC2FullRoleForOtherAccount2").denied("AccessDenied").build());
    // reused session name, role chain, sourceIdentity, name hint, service role
    Principal deploy = session("111111111111", "Deploy", "deploy");
    all.add(assumeRole("r-alice", "2024-05-02T10:00:00Z", user("222222222222", "alice"), deploy, "ASIARA").build());
    all.add(assumeRole("r-bob", "2024-05-02T10:05:00Z", user("333333333333", "bob"), deploy, "ASIARB").build());
    all.add(awsCall("r-c1", "2024-05-02T10:20:00Z", deploy, "PutObject").key("ASIARA").build());
    all.add(awsCall("r-c2", "2024-05-02T10:20:00Z", deploy, "PutObject").key("ASIARB").build());
    Principal chained = session("444444444444", "Chained", "x");
    all.add(assumeRole("r-chain", "2024-05-02T10:10:00Z", deploy, chained, "ASIARC").key("ASIARA")
        .issuedAt("2024-05-02T10:00:00Z").build());
    all.add(awsCall("r-c3", "2024-05-02T10:30:00Z", chained, "GetObject").key("ASIARC").build());
    all.add(awsCall("r-si", "2024-05-02T10:31:00Z", session("444444444444", "Other", "y"), "GetObject")
        .key("ASIAMISSING").sourceIdentity("alice").build());
    all.add(awsCall("r-hint", "2024-05-02T10:32:00Z", session("444444444444", "Other", "miyamoto"), "GetObject")
        .key("ASIAMISSING2").build());
    Principal ec2 = service("ec2.amazonaws.com");
    Principal web = session("111111111111", "web", "i-0abc");
    all.add(aws("r-ec2", "2024-05-02T09:00:00Z", "sts.amazonaws.com", "AssumeRole", ec2)
        .issues(HopMechanism.SERVICE_ASSUMED_ROLE, ec2, web, "ASIAEC2", Duration.ofHours(6)).build());
    all.add(awsCall("r-ec2-call", "2024-05-02T10:00:00Z", web, "GetObject").key("ASIAEC2").build());
    // past missing records: the record that set a sourceIdentity, and an owner's copy naming by principal id a
    // session the logs issued (the role's id learnt from the session's own call)
    Principal upstream = session("222222222222", "Upstream", "upstream");
    all.add(assumeRole("u-alice", "2024-05-04T09:30:00Z", user("222222222222", "alice"), upstream, "ASIAUP")
        .hopSourceIdentity("a.smith").build());
    all.add(awsCall("u-learn", "2024-05-04T09:31:00Z", upstream, "GetCallerIdentity").key("ASIAUP")
        .issuedAt("2024-05-04T09:30:00Z", "AROAUPSTREAM").sourceIdentity("a.smith").build());
    Principal run = session("111111111111", "Deploy", "run");
    all.add(assumeRole("u-owner", "2024-05-04T10:00:00Z", awsAccount("222222222222", "AROAUPSTREAM:upstream"), run,
        "ASIAURUN").shared("sh-u").build());
    all.add(awsCall("u-call", "2024-05-04T10:05:00Z", run, "GetObject").key("ASIAURUN").build());
    all.add(awsCall("u-si", "2024-05-04T10:06:00Z", session("444444444444", "Far", "z"), "GetObject")
        .key("ASIAUMISSING").sourceIdentity("a.smith").build());
    // seed 004 both ways
    all.add(CrossCloudTest.mintIdToken());
    all.add(CrossCloudTest.webLogin1());
    all.add(CrossCloudTest.s3CallBySa1());
    all.add(CrossCloudTest.webLogin2());
    all.add(CrossCloudTest.s3CallBySa2());
    all.add(CrossCloudTest.awsAssume());
    all.add(CrossCloudTest.exchange());
    all.add(CrossCloudTest.impersonate());
    all.add(CrossCloudTest.targetCall());
    all.add(CrossCloudTest.awsSideCall());
    // an ambiguous exchange: two sessions of one ARN valid at once
    String arn2 = "arn:aws:sts::111111111111:assumed-role/kawanago-crosscloud-test-aws-2/shared";
    all.add(assumeRole("x-a", "2024-05-03T08:30:00Z", user("111111111111", "carol"), awsSubject(arn2), "ASIAXA")
        .build());
    all.add(assumeRole("x-b", "2024-05-03T08:45:00Z", user("111111111111", "dave"), awsSubject(arn2), "ASIAXB")
        .build());
    Principal fed2 = Fx.federated("123456789012", "kawanago-crosscloud-test", arn2);
    all.add(exchangeToken("x-ex", "2024-05-03T09:00:00Z", Fx.bareArnOnGcp(arn2), awsSubject(arn2), fed2).build());
    all.add(generateAccessToken("x-gat", "2024-05-03T09:00:10Z", fed2, sa(CrossCloudTest.TARGET)).build());
    all.add(gcp("x-call", "2024-05-03T09:01:00Z", "storage.googleapis.com", "storage.objects.get",
        sa(CrossCloudTest.TARGET)).delegation(fed2).build());
    // GCP delegation chain and a key
    Principal erin = googleUser("erin@example.com");
    all.add(gcp("g-del", "2024-05-03T12:00:00Z", "compute.googleapis.com", "v1.compute.instances.list",
        sa("second@p.iam.gserviceaccount.com")).delegation(erin, sa("first@p.iam.gserviceaccount.com")).build());
    all.add(generateAccessToken("g-gat", "2024-05-03T11:59:00Z", erin, sa("first@p.iam.gserviceaccount.com")).build());
    all.add(gcp("g-key", "2024-05-03T12:00:00Z", "storage.googleapis.com", "storage.objects.create",
        sa("deployer@p.iam.gserviceaccount.com")).saKey("keys/abc").build());
    return all;
  }

  /** Every answer the graph gives about the corpus, keyed by the question. */
  static Map<String, Object> answers(PrincipalGraph g, List<AuditEvent> corpus) {
    Map<String, Object> out = new LinkedHashMap<>();
    TreeSet<String> principals = new TreeSet<>();
    TreeSet<String> roles = new TreeSet<>();
    for (AuditEvent e : corpus) {
      out.put("trace " + e.id(), g.trace(e.id()));
      out.put("attribute " + e.id(), g.attribute(e));
      principals.add(e.actor().id());
      for (Hop h : e.hops()) {
        principals.add(h.from().id());
        principals.add(h.to().id());
        Ids.roleOfSession(h.to().id()).ifPresent(roles::add);
      }
    }
    for (String p : principals) {
      out.put("activity " + p, g.activity(p));
      out.put("denied " + p, g.deniedAttempts(p));
      for (String q : List.of("serviceAccount:" + CrossCloudTest.TARGET, CrossCloudTest.SESSION1)) {
        out.put("path " + p + " " + q, g.path(p, q));
      }
    }
    for (String r : roles) {
      out.put("sessions " + r, g.sessions(r));
    }
    out.put("hops", g.hopCount());
    out.put("principals", g.principalCount());
    return out;
  }

  @Test
  void shuffledPartitionedAndDuplicatedInputGivesIdenticalAnswers() {
    List<AuditEvent> corpus = corpus();
    PrincipalGraph reference = PrincipalGraph.create();
    corpus.forEach(reference::add);
    Map<String, Object> expected = answers(reference, corpus);
    for (Object answer : expected.values()) {
      if (answer instanceof Attribution a) {
        Invariants.check(a);
      }
    }
    // the corpus reaches past its missing records (else the comparison below would not cover those rules)
    assertThat(reference.trace("u-call").orElseThrow().origin().id()).isEqualTo("arn:aws:iam::222222222222:user/alice");
    assertThat(reference.trace("u-si").orElseThrow().origin().id()).isEqualTo("arn:aws:iam::222222222222:user/alice");

    Random random = new Random(20240501L);
    for (int iteration = 0; iteration < 150; iteration++) {
      List<AuditEvent> shuffled = new ArrayList<>(corpus);
      Collections.shuffle(shuffled, random);
      for (int d = random.nextInt(4); d > 0; d--) {
        shuffled.add(random.nextInt(shuffled.size() + 1), corpus.get(random.nextInt(corpus.size())));
      }
      int batches = 1 + random.nextInt(6);
      PrincipalGraph g = PrincipalGraph.create();
      int from = 0;
      for (int b = 0; b < batches; b++) {
        int to = b == batches - 1 ? shuffled.size() : from + random.nextInt(shuffled.size() - from + 1);
        shuffled.subList(from, to).forEach(g::add);
        // a query between batches must not fix anything in place
        g.attribute(corpus.get(random.nextInt(corpus.size())));
        from = to;
      }
      Map<String, Object> actual = answers(g, corpus);
      assertThat(actual.keySet()).isEqualTo(expected.keySet());
      for (String question : expected.keySet()) {
        assertThat(actual.get(question)).as("iteration %d with %d batches: %s", iteration, batches, question)
            .isEqualTo(expected.get(question));
      }
    }
  }

  /**
   * Two different records with one id (an export that reuses ids, or two trails mixed up): which one the
   * graph keeps must not depend on which came first.
   */
  @Test
  void twoDifferentRecordsWithOneIdGiveTheSameAnswersInEitherOrder() {
    Principal alice = user("111111111111", "alice");
    Principal bob = user("111111111111", "bob");
    Principal run = session("111111111111", "Deploy", "run");
    List<AuditEvent> first = List.of(
        assumeRole("ar-x", "2024-05-01T10:00:00Z", alice, run, "ASIAONE").build(),
        awsCall("call-x", "2024-05-01T10:05:00Z", run, "GetObject").key("ASIAONE").build());
    List<AuditEvent> second = List.of(
        assumeRole("ar-x", "2024-05-01T10:01:00Z", bob, run, "ASIAONE").build(),
        awsCall("call-x", "2024-05-01T10:06:00Z", run, "DeleteObject").key("ASIAONE").build());
    PrincipalGraph oneWay = PrincipalGraph.create();
    first.forEach(oneWay::add);
    second.forEach(oneWay::add);
    PrincipalGraph otherWay = PrincipalGraph.create();
    second.forEach(otherWay::add);
    first.forEach(otherWay::add);

    for (String id : List.of("ar-x", "call-x")) {
      assertThat(otherWay.trace(id)).as(id).isEqualTo(oneWay.trace(id));
      assertThat(otherWay.record(id)).as(id).isEqualTo(oneWay.record(id));
    }
    // the answer names the mix-up: it may be about the other record
    assertThat(oneWay.trace("call-x").orElseThrow().gaps()).filteredOn(gap -> gap.kind() == Gap.Kind.RECORD_ID_REUSED)
        .singleElement().satisfies(gap -> assertThat(gap.missing()).contains("call-x")
            .contains("2024-05-01T10:05:00Z").contains("2024-05-01T10:06:00Z"));
    assertThat(otherWay.activity(alice.id())).isEqualTo(oneWay.activity(alice.id()));
    assertThat(otherWay.activity(bob.id())).isEqualTo(oneWay.activity(bob.id()));
    assertThat(otherWay.sessions("arn:aws:iam::111111111111:role/Deploy"))
        .isEqualTo(oneWay.sessions("arn:aws:iam::111111111111:role/Deploy"));
  }

  /**
   * Two different issuing records with one id, at one time, each issuing its own key: the graph keeps one
   * by content, in either order; a call made with the other's key is not credited to the one kept
   * (rule 1: that record did not issue it), it is a session whose issuing record is missing.
   */
  @Test
  void twoIssuingRecordsWithOneIdNeverLendOneTheOthersKey() {
    Principal alice = user("111111111111", "alice");
    Principal bob = user("111111111111", "bob");
    Principal run = session("111111111111", "Deploy", "run");
    AuditEvent byAlice = assumeRole("ar-x", "2024-05-01T10:00:00Z", alice, run, "ASIAONE").build();
    AuditEvent byBob = assumeRole("ar-x", "2024-05-01T10:00:00Z", bob, run, "ASIATWO").build();
    AuditEvent withTwo = awsCall("call-2", "2024-05-01T10:05:00Z", run, "GetObject").key("ASIATWO").build();
    AuditEvent withOne = awsCall("call-1", "2024-05-01T10:05:00Z", run, "GetObject").key("ASIAONE").build();
    Map<String, Object> first = null;
    for (List<AuditEvent> order : List.of(List.of(byAlice, byBob, withOne, withTwo),
        List.of(byBob, byAlice, withTwo, withOne))) {
      PrincipalGraph g = PrincipalGraph.create();
      order.forEach(g::add);

      Attribution one = traced(g, "call-1");
      assertThat(one.origin()).isEqualTo(alice);
      assertThat(one.strength()).isEqualTo(Strength.EXACT);
      Attribution two = traced(g, "call-2");
      assertThat(two.origin()).isNotEqualTo(alice);
      assertThat(two.gaps()).extracting(Gap::kind)
          .contains(Gap.Kind.ISSUING_RECORD_MISSING, Gap.Kind.RECORD_ID_REUSED);
      assertThat(two.gaps()).filteredOn(gap -> gap.kind() == Gap.Kind.RECORD_ID_REUSED).singleElement()
          .satisfies(gap -> assertThat(gap.missing()).contains("ASIATWO").contains("ar-x"));
      assertThat(one.gaps()).extracting(Gap::kind).doesNotContain(Gap.Kind.RECORD_ID_REUSED);
      Map<String, Object> answers = answers(g, List.of(byAlice, withOne, withTwo));
      if (first == null) {
        first = answers;
      }
      assertThat(answers).isEqualTo(first);
    }
  }

  /** Two records with one id that differ only in a sourceIdentity: the same answers in either order. */
  @Test
  void recordsWithOneIdThatDifferOnlyInASourceIdentityGiveOneAnswer() {
    Principal alice = user("111111111111", "alice");
    Principal run = session("111111111111", "Deploy", "run");
    AuditEvent plainCall = awsCall("c", "2024-05-01T10:05:00Z", run, "GetObject").key("ASIAX").build();
    AuditEvent callWithSi = awsCall("c", "2024-05-01T10:05:00Z", run, "GetObject").key("ASIAX")
        .sourceIdentity("frank").build();
    AuditEvent plainIssue = assumeRole("ar", "2024-05-01T10:00:00Z", alice, run, "ASIAY").build();
    AuditEvent issueWithSi = assumeRole("ar", "2024-05-01T10:00:00Z", alice, run, "ASIAY").hopSourceIdentity("frank")
        .build();
    List<List<AuditEvent>> orders = List.of(List.of(plainCall, callWithSi, plainIssue, issueWithSi),
        List.of(callWithSi, plainCall, issueWithSi, plainIssue));
    List<Object> answers = new ArrayList<>();
    for (List<AuditEvent> order : orders) {
      PrincipalGraph g = PrincipalGraph.create();
      order.forEach(g::add);
      answers.add(List.of(g.trace("c"), g.sessions("arn:aws:iam::111111111111:role/Deploy")));
    }
    assertThat(answers.get(1)).isEqualTo(answers.get(0));
  }

  /**
   * One issuing record read in two shapes, one lacking a field (an export that drops the credentials, say):
   * still one issuance, one session, and rules 1 and 2 stay exact.
   */
  @Test
  void oneIssuingRecordInTwoShapesIsOneIssuance() {
    Principal alice = user("111111111111", "alice");
    Principal run = session("111111111111", "Deploy", "run");
    AuditEvent full = assumeRole("ar-1", "2024-05-01T10:00:00Z", alice, run, "ASIA1").build();
    AuditEvent withoutKey = assumeRole("ar-1", "2024-05-01T10:00:00Z", alice, run, "ASIA1").build();
    withoutKey = new AuditEvent(withoutKey.cloud(), withoutKey.id(), withoutKey.time(), withoutKey.service(),
        withoutKey.operation(), withoutKey.actor(), withoutKey.credential(), withoutKey.session(),
        withoutKey.sourceIp(), withoutKey.userAgent(), withoutKey.account(), withoutKey.region(),
        withoutKey.resources(), withoutKey.outcome(), withoutKey.identityEstablishing(),
        withoutKey.hops().stream().map(h -> new Hop(h.mechanism(), h.from(), h.to(), java.util.Optional.empty(),
            h.validFrom(), h.validUntil(), h.audience(), h.sourceIdentity(), h.evidence(), h.strength(),
            h.reason())).toList(),
        withoutKey.sharedEventId(), withoutKey.category(), withoutKey.location(), withoutKey.namedPrincipals());
    for (List<AuditEvent> order : List.of(List.of(full, withoutKey), List.of(withoutKey, full))) {
      PrincipalGraph g = PrincipalGraph.create();
      order.forEach(g::add);

      assertThat(g.sessions("arn:aws:iam::111111111111:role/Deploy")).hasSize(1);
      Attribution byKey = Invariants.check(g.attribute(
          awsCall("c", "2024-05-01T10:05:00Z", run, "GetObject").key("ASIA1").build()));
      assertThat(byKey.origin()).isEqualTo(alice);
      assertThat(byKey.strength()).isEqualTo(Strength.EXACT);
      assertThat(byKey.gaps()).isEmpty(); // one record read twice is no mix-up
    }
  }

  @Test
  void lateIdentityRecordsStillExplainEarlierActions() {
    List<AuditEvent> corpus = corpus();
    PrincipalGraph actionsFirst = PrincipalGraph.create();
    corpus.stream().filter(e -> !e.identityEstablishing()).forEach(actionsFirst::add);
    Attribution before = actionsFirst.trace("gcs-1").orElseThrow();
    assertThat(before.origin().id()).isNotEqualTo("arn:aws:iam::111111111111:user/dev");
    corpus.stream().filter(AuditEvent::identityEstablishing).forEach(actionsFirst::add);

    PrincipalGraph reference = PrincipalGraph.create();
    corpus.forEach(reference::add);
    assertThat(actionsFirst.trace("gcs-1").orElseThrow().origin().id())
        .isEqualTo("arn:aws:iam::111111111111:user/dev");
    assertThat(answers(actionsFirst, corpus)).isEqualTo(answers(reference, corpus));
  }

  @Test
  void streamModeGivesTheSameAttributionsWithoutRetainingActions() {
    List<AuditEvent> corpus = corpus();
    PrincipalGraph reference = PrincipalGraph.create();
    corpus.forEach(reference::add);
    PrincipalGraph stream = PrincipalGraph.builder().retainActions(false).build();
    corpus.forEach(stream::add);   // pass 1
    for (AuditEvent e : corpus) {  // pass 2
      assertThat(stream.attribute(e)).as(e.id()).isEqualTo(reference.attribute(e));
      assertThat(stream.trace(e.id())).isEmpty();
    }
    assertThat(stream.hopCount()).isEqualTo(reference.hopCount());
  }
}
