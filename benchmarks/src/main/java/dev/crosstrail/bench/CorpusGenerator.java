package dev.crosstrail.bench;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.crosstrail.bench.CorpusStreams.Pending;
import dev.crosstrail.bench.CorpusStreams.SinkStream;
import dev.crosstrail.bench.CorpusStreams.Stream;
import dev.crosstrail.bench.CorpusStreams.TrailStream;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Writes a deterministic, realistic audit log corpus of both clouds in their real layouts: gzip
 * CloudTrail trail files under {@code AWSLogs/ACCOUNT/CloudTrail/REGION/YYYY/MM/DD/} and Cloud
 * Storage sink files under {@code cloudaudit.googleapis.com/{activity,data_access}/YYYY/MM/DD/}.
 *
 * <pre>{@code
 * CorpusGenerator.Stats stats = new CorpusGenerator(42, 1_000_000, Path.of("/tmp/corpus")).generate();
 * }</pre>
 *
 * <p>Every linking scenario of docs/DOMAIN.md §4 occurs (AssumeRole with its ASIA key, cross-account
 * copies with one {@code sharedEventID}, role chains with {@code sourceIdentity}, console
 * SwitchRole, EC2 instance-profile roles, GetFederationToken, GCP service account → AWS through
 * GenerateIdToken and AssumeRoleWithWebIdentity, AWS → GCP through ExchangeToken and
 * GenerateAccessToken, delegation chains, service account keys, failures) among about 95% ordinary
 * action records; several scenarios run at once, and about one identity record in eight is
 * delivered in a later file than the actions it explains. The same seed and record count give
 * byte-identical files.
 */
public final class CorpusGenerator {

  /**
   * What a run wrote.
   *
   * @param records records written (exactly the count asked for)
   * @param files files written
   * @param kinds records per kind, for example {@code aws.AssumeRole.user} or {@code gcp.ExchangeToken}
   * @param delayed identity records delivered in a later file than the one current at their time
   */
  public record Stats(long records, int files, SortedMap<String, Long> kinds, long delayed) {
    public Stats {
      kinds = Collections.unmodifiableSortedMap(new TreeMap<>(kinds));
    }

    /** Records of kinds that establish identity (everything but {@code *.action*}). */
    public long identityRecords() {
      return kinds.entrySet().stream().filter(e -> !e.getKey().contains(".action")).mapToLong(Map.Entry::getValue)
          .sum();
    }
  }

  static final String IDENTITY_ACCOUNT = "111111111111";
  static final List<String> ACCOUNTS = List.of(IDENTITY_ACCOUNT, "222222222222", "333333333333", "444444444444");
  static final List<String> REGIONS = List.of("us-east-1", "eu-west-1", "ap-northeast-1");
  static final String GLOBAL_REGION = "us-east-1";
  static final String POOL_PROJECT_NUMBER = "123456789012";
  static final List<String> PROJECTS = List.of("prod-data-7731", "ml-train-2208");
  static final String POOL = "principal://iam.googleapis.com/projects/" + POOL_PROJECT_NUMBER
      + "/locations/global/workloadIdentityPools/aws-pool/subject/";
  private static final String B32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  private static final String LOWER = "abcdefghijklmnopqrstuvwxyz0123456789";
  private static final DateTimeFormatter EXPIRATION =
      DateTimeFormatter.ofPattern("MMM d, yyyy, h:mm:ss a", Locale.US).withZone(ZoneOffset.UTC);
  private static final long START = Instant.parse("2026-03-02T00:00:00Z").toEpochMilli();
  private static final int CONCURRENT_SCENARIOS = 48;
  private static final String[] USER_AGENTS = {
      "aws-cli/2.15.30 Python/3.11.8 Linux/6.1.0-18-cloud-amd64 exe/x86_64.debian.12 prompt/off command/s3.cp",
      "Boto3/1.34.69 md/Botocore#1.34.69 ua/2.0 os/linux#6.1.0 md/arch#x86_64 lang/python#3.11.8 md/pyimpl#CPython "
          + "cfg/retry-mode#legacy Botocore/1.34.69",
      "aws-sdk-java/2.25.16 Linux/6.1.0 OpenJDK_64-Bit_Server_VM/17.0.10+7 Java/17.0.10 vendor/Eclipse_Adoptium "
          + "io/sync http/Apache cfg/retry-mode/legacy",
      "Terraform/1.7.5 (+https://www.terraform.io) terraform-provider-aws/5.42.0 aws-sdk-go-v2/1.26.0",
      "[S3Console/0.4, aws-internal/3 aws-sdk-java/1.12.600 Linux/5.10.205 OpenJDK_64-Bit_Server_VM/25.392-b08 "
          + "java/1.8.0_392 vendor/Oracle_Corporation cfg/retry-mode/standard]"};
  private static final String BROWSER =
      "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/122.0.0.0 Safari/537.36";
  private static final String[] GCP_AGENTS = {
      "google-cloud-sdk gcloud/468.0.0 command/gcloud.storage.cp invocation-id/5e1b3c invoked-by/none "
          + "environment/None environment-version/None client-os/LINUX client-os-ver/6.1.0 client-pltf-arch/x86_64",
      "gcloud-python/3.15.0 gl-python/3.11.8 grpc/1.62.1 gax/2.17.2",
      "google-api-go-client/0.5 Terraform/1.7.5 (+https://www.terraform.io) Terraform-Plugin-SDK/2.33.0 "
          + "terraform-provider-google/5.21.0",
      "grpc-java-netty/1.62.2,gzip(gfe)"};

  private final long seed;
  private final long records;
  private final Path dir;

  // state of one run
  private SplittableRandom rng;
  private JsonFactory factory;
  private long now;
  private long emitted;
  private long delayed;
  private final TreeMap<String, Long> kinds = new TreeMap<>();
  private final Map<String, Stream> streams = new LinkedHashMap<>();
  private List<AwsUser> users;
  private List<Role> roles;
  private List<Sa> serviceAccounts;
  private List<String> googleUsers;

  /**
   * @param seed the seed of every random choice
   * @param records how many records to write in all
   * @param dir the directory to write into (created if missing)
   */
  public CorpusGenerator(long seed, long records, Path dir) {
    if (records < 1) {
      throw new IllegalArgumentException("records must be at least 1, got " + records);
    }
    this.seed = seed;
    this.records = records;
    this.dir = Objects.requireNonNull(dir, "dir");
  }

  /** Runs the generator: {@code --seed N --records N --dir PATH}. */
  public static void main(String[] args) throws IOException {
    long seed = 42;
    long records = 1_000_000;
    Path dir = Path.of("target/corpus");
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--seed" -> seed = Long.parseLong(args[++i]);
        case "--records" -> records = Long.parseLong(args[++i].replace("_", ""));
        case "--dir" -> dir = Path.of(args[++i]);
        default -> throw new IllegalArgumentException("unknown option " + args[i]
            + " (expected --seed N, --records N, --dir PATH)");
      }
    }
    long t0 = System.nanoTime();
    Stats stats = new CorpusGenerator(seed, records, dir).generate();
    System.out.printf("wrote %,d records in %,d files to %s in %.1f s%n", stats.records(), stats.files(), dir,
        (System.nanoTime() - t0) / 1e9);
    stats.kinds().forEach((k, v) -> System.out.printf("  %-40s %,12d%n", k, v));
    System.out.printf("  identity records %,d (%.2f%%), delivered late %,d%n", stats.identityRecords(),
        100.0 * stats.identityRecords() / stats.records(), stats.delayed());
  }

  /** Writes the corpus. Files of an earlier run in the same directory are overwritten, not removed. */
  public Stats generate() throws IOException {
    rng = new SplittableRandom(seed);
    factory = JsonFactory.builder().build();
    now = START;
    emitted = 0;
    delayed = 0;
    kinds.clear();
    streams.clear();
    Files.createDirectories(dir);
    population();
    ArrayDeque<Runnable>[] active = newActive();
    while (emitted < records) {
      int i = rng.nextInt(CONCURRENT_SCENARIOS);
      if (active[i] == null || active[i].isEmpty()) {
        active[i] = scenario();
      }
      now += rng.nextInt(1200);
      active[i].removeFirst().run();
    }
    int files = 0;
    for (Stream s : streams.values()) {
      s.finish();
      files += s.files;
    }
    return new Stats(emitted, files, kinds, delayed);
  }

  @SuppressWarnings("unchecked")
  private static ArrayDeque<Runnable>[] newActive() {
    return new ArrayDeque[CONCURRENT_SCENARIOS];
  }

  // ---------------------------------------------------------------- population

  record AwsUser(String account, String name, String userId, String keyId) {
    String arn() {
      return "arn:aws:iam::" + account + ":user/" + name;
    }
  }

  record Role(String account, String name, String roleId) {
    String arn() {
      return "arn:aws:iam::" + account + ":role/" + name;
    }
  }

  record Sa(String project, String email, String uniqueId) {}

  /** One issuance of temporary credentials. */
  static final class Session {
    Role role;
    String name;
    String keyId;
    long issued;
    String sourceIdentity;
    boolean console;
    boolean ec2;
    String webIdentitySubject;
    AwsUser federatedBy;
    String region;

    String arn() {
      if (federatedBy != null) {
        return "arn:aws:sts::" + federatedBy.account() + ":federated-user/" + name;
      }
      return "arn:aws:sts::" + role.account() + ":assumed-role/" + role.name() + "/" + name;
    }

    String account() {
      return federatedBy != null ? federatedBy.account() : role.account();
    }
  }

  private static final String[] FIRST = {"alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi",
      "ivan", "judy", "mallory", "niaj", "olivia", "peggy", "rupert", "sybil", "trent", "victor", "walter", "yuki"};

  private void population() {
    users = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      String account = i < 30 ? IDENTITY_ACCOUNT : ACCOUNTS.get(1 + i % 3);
      users.add(new AwsUser(account, FIRST[i % FIRST.length] + (i < FIRST.length ? "" : "." + i),
          "AIDA" + key(17), "AKIA" + key(16)));
    }
    roles = new ArrayList<>();
    for (String account : ACCOUNTS) {
      for (String name : List.of("Deploy", "ReadOnly", "Admin", "DataPipeline", "Analyst", "gcp-federated-reader",
          "app-server", "SwitchRole")) {
        roles.add(new Role(account, name, "AROA" + key(17)));
      }
    }
    serviceAccounts = new ArrayList<>();
    for (int i = 0; i < 24; i++) {
      String project = PROJECTS.get(i % 2);
      String name = List.of("etl", "deployer", "ml-trainer", "backup", "reporting", "ingest").get(i % 6) + "-" + i;
      serviceAccounts.add(new Sa(project, name + "@" + project + ".iam.gserviceaccount.com", digits(21, '1')));
    }
    googleUsers = new ArrayList<>();
    for (int i = 0; i < 16; i++) {
      googleUsers.add(FIRST[(i * 7) % FIRST.length] + "." + i + "@example.com");
    }
  }

  private Role role(String account, String name) {
    for (Role r : roles) {
      if (r.account().equals(account) && r.name().equals(name)) {
        return r;
      }
    }
    throw new IllegalStateException(account + " " + name);
  }

  // ---------------------------------------------------------------- scenarios

  private ArrayDeque<Runnable> scenario() {
    ArrayDeque<Runnable> steps = new ArrayDeque<>();
    int pick = rng.nextInt(100);
    if (pick < 22) {
      AwsUser u = any(users);
      String region = any(REGIONS);
      repeat(steps, 5, 60, () -> awsAction(userIdentity(u), u.account(), region, false));
    } else if (pick < 42) {
      assumeRoleScenario(steps, any(users), false);
    } else if (pick < 48) {
      assumeRoleScenario(steps, any(users), true);
    } else if (pick < 54) {
      consoleScenario(steps);
    } else if (pick < 62) {
      ec2Scenario(steps);
    } else if (pick < 65) {
      federationTokenScenario(steps);
    } else if (pick < 68) {
      AwsUser u = any(users);
      Role target = any(roles);
      steps.add(() -> assumeRoleDenied(u, target));
      String region = any(REGIONS);
      repeat(steps, 0, 5, () -> awsAction(userIdentity(u), u.account(), region, false));
    } else if (pick < 73) {
      gcpToAwsScenario(steps);
    } else if (pick < 78) {
      awsToGcpScenario(steps);
    } else if (pick < 83) {
      delegationChainScenario(steps);
    } else if (pick < 87) {
      Sa sa = any(serviceAccounts);
      String keyName = "//iam.googleapis.com/projects/" + sa.project() + "/serviceAccounts/" + sa.email() + "/keys/"
          + hex(40);
      repeat(steps, 5, 40, () -> gcpAction(sa.project(), "serviceAccount", sa.email(), null, keyName, List.of(),
          "gcp.action.saKey"));
    } else if (pick < 98) {
      String user = any(googleUsers);
      String project = any(PROJECTS);
      repeat(steps, 5, 40, () -> gcpAction(project, "user", user, null, null, List.of(), "gcp.action"));
    } else {
      String user = any(googleUsers);
      Sa sa = any(serviceAccounts);
      steps.add(() -> generateToken("GenerateAccessToken", user, null, sa, false));
      String project = any(PROJECTS);
      repeat(steps, 0, 10, () -> gcpAction(project, "user", user, null, null, List.of(), "gcp.action"));
    }
    if (steps.isEmpty()) {
      AwsUser u = any(users);
      steps.add(() -> awsAction(userIdentity(u), u.account(), GLOBAL_REGION, false));
    }
    return steps;
  }

  private void repeat(ArrayDeque<Runnable> steps, int min, int max, Runnable step) {
    int n = rng.nextInt(min, max + 1);
    for (int i = 0; i < n; i++) {
      steps.add(step);
    }
  }

  /** An IAM user assumes a role (often in another account), maybe chains to a second one, then acts. */
  private void assumeRoleScenario(ArrayDeque<Runnable> steps, AwsUser u, boolean chain) {
    Role target = pickRole(rng.nextInt(100) < 60 ? otherAccount(u.account()) : u.account());
    Session s = newSession(target, rng.nextInt(100) < 50 ? u.name() : "botocore-session-" + digits(10, '1'));
    if (chain || rng.nextInt(100) < 35) {
      s.sourceIdentity = u.name();
    }
    String region = rng.nextInt(100) < 70 ? GLOBAL_REGION : any(REGIONS);
    s.region = any(REGIONS);
    String shared = s.role.account().equals(u.account()) ? null : uuid();
    String reqId = uuid();
    steps.add(() -> assumeRole(userIdentity(u), u.account(), s, region, shared, reqId, "aws.AssumeRole.user"));
    if (shared != null) {
      steps.add(() -> assumeRole(accountIdentity(u.account(), u.userId()), s.role.account(), s, region, shared,
          reqId, "aws.AssumeRole.roleOwnerCopy"));
    }
    repeat(steps, 5, 40, () -> awsAction(sessionIdentity(s), s.account(), s.region, false));
    if (chain) {
      Role second = pickRole(any(ACCOUNTS));
      Session s2 = newSession(second, "chain-" + key(6).toLowerCase(Locale.ROOT));
      s2.sourceIdentity = s.sourceIdentity;
      s2.region = any(REGIONS);
      String shared2 = second.account().equals(s.account()) ? null : uuid();
      String reqId2 = uuid();
      steps.add(() -> assumeRole(sessionIdentity(s), s.account(), s2, GLOBAL_REGION, shared2, reqId2,
          "aws.AssumeRole.chained"));
      if (shared2 != null) {
        steps.add(() -> assumeRole(accountIdentity(s.account(), s.role.roleId() + ":" + s.name), second.account(),
            s2, GLOBAL_REGION, shared2, reqId2, "aws.AssumeRole.roleOwnerCopy"));
      }
      repeat(steps, 5, 40, () -> awsAction(sessionIdentity(s2), s2.account(), s2.region, false));
    }
  }

  private void consoleScenario(ArrayDeque<Runnable> steps) {
    AwsUser u = any(users);
    Role target = role(otherAccount(u.account()), "SwitchRole");
    Session s = newSession(target, u.name());
    s.console = true;
    s.region = any(REGIONS);
    steps.add(() -> consoleLogin(u));
    steps.add(() -> switchRole(u, s));
    repeat(steps, 5, 40, () -> awsAction(sessionIdentity(s), s.account(), s.region, true));
  }

  private void ec2Scenario(ArrayDeque<Runnable> steps) {
    Role r = role(any(ACCOUNTS), "app-server");
    Session s = newSession(r, "i-0" + hex(16));
    s.ec2 = true;
    s.region = any(REGIONS);
    steps.add(() -> assumeRole(serviceIdentity("ec2.amazonaws.com"), r.account(), s, s.region, null, uuid(),
        "aws.AssumeRole.ec2"));
    repeat(steps, 5, 40, () -> awsAction(sessionIdentity(s), s.account(), s.region, false));
  }

  private void federationTokenScenario(ArrayDeque<Runnable> steps) {
    AwsUser u = any(users);
    Session s = new Session();
    s.federatedBy = u;
    s.name = "fed-" + u.name();
    s.keyId = "ASIA" + key(16);
    s.region = any(REGIONS);
    steps.add(() -> getFederationToken(u, s));
    repeat(steps, 5, 40, () -> awsAction(sessionIdentity(s), s.account(), s.region, false));
  }

  /** Rule 8: someone mints an ID token for a service account, which assumes an AWS role with it. */
  private void gcpToAwsScenario(ArrayDeque<Runnable> steps) {
    Sa sa = any(serviceAccounts);
    if (rng.nextInt(100) < 70) {
      String caller = rng.nextBoolean() ? any(googleUsers) : any(serviceAccounts).email();
      steps.add(() -> generateToken("GenerateIdToken", caller, null, sa, true));
    }
    Role r = role(any(ACCOUNTS), "gcp-federated-reader");
    Session s = newSession(r, "gcp-" + sa.email().substring(0, sa.email().indexOf('@')));
    s.webIdentitySubject = sa.uniqueId();
    s.region = any(REGIONS);
    steps.add(() -> assumeRoleWithWebIdentity(s));
    repeat(steps, 5, 40, () -> awsAction(sessionIdentity(s), s.account(), s.region, false));
  }

  /** Rule 9: an AWS session exchanges its identity for a GCP token and impersonates a service account. */
  private void awsToGcpScenario(ArrayDeque<Runnable> steps) {
    AwsUser u = any(users);
    Role r = pickRole(any(ACCOUNTS));
    Session s = newSession(r, rng.nextBoolean() ? u.name() : "gcp-bridge-" + key(5).toLowerCase(Locale.ROOT));
    s.region = any(REGIONS);
    String shared = r.account().equals(u.account()) ? null : uuid();
    String reqId = uuid();
    steps.add(() -> assumeRole(userIdentity(u), u.account(), s, GLOBAL_REGION, shared, reqId, "aws.AssumeRole.user"));
    if (shared != null) {
      steps.add(() -> assumeRole(accountIdentity(u.account(), u.userId()), r.account(), s, GLOBAL_REGION, shared,
          reqId, "aws.AssumeRole.roleOwnerCopy"));
    }
    repeat(steps, 1, 10, () -> awsAction(sessionIdentity(s), s.account(), s.region, false));
    boolean noMetadata = rng.nextInt(100) < 20;
    Sa sa = any(serviceAccounts);
    steps.add(() -> exchangeToken(s, noMetadata));
    steps.add(() -> generateToken("GenerateAccessToken", null, POOL + s.arn(), sa, true));
    List<String[]> delegation = List.<String[]>of(new String[] {"principalSubject", POOL + s.arn()});
    repeat(steps, 5, 40, () -> gcpAction(sa.project(), "serviceAccount", sa.email(), null, null, delegation,
        "gcp.action.delegated"));
  }

  /** Rule 10: a user impersonates one service account, which impersonates another, which acts. */
  private void delegationChainScenario(ArrayDeque<Runnable> steps) {
    String user = any(googleUsers);
    Sa first = any(serviceAccounts);
    Sa second = any(serviceAccounts);
    steps.add(() -> generateToken("GenerateAccessToken", user, null, first, true));
    steps.add(() -> generateToken("GenerateAccessToken", first.email(), null, second, true));
    List<String[]> delegation = List.of(new String[] {"principalEmail", user},
        new String[] {"principalEmail", first.email()});
    repeat(steps, 5, 40, () -> gcpAction(second.project(), "serviceAccount", second.email(), null, null, delegation,
        "gcp.action.delegated"));
  }

  private Session newSession(Role role, String name) {
    Session s = new Session();
    s.role = role;
    s.name = name;
    s.keyId = "ASIA" + key(16);
    return s;
  }

  private Role pickRole(String account) {
    String name = List.of("Deploy", "ReadOnly", "Admin", "DataPipeline", "Analyst").get(rng.nextInt(5));
    return role(account, name);
  }

  private String otherAccount(String account) {
    String other;
    do {
      other = any(ACCOUNTS);
    } while (other.equals(account));
    return other;
  }

  // ---------------------------------------------------------------- emission

  /** Writes one record into a stream, or holds an identity record back for a later file. */
  private void emit(Stream stream, String kind, boolean identity, Body body) {
    try {
      stream.before(now);
      if (identity && rng.nextInt(8) == 0) {
        StringWriter w = new StringWriter(2048);
        try (JsonGenerator g = factory.createGenerator(w)) {
          body.write(g);
        }
        stream.pending.addLast(new Pending(w.toString(), stream.fileSeq, rng.nextInt(1, 400)));
        delayed++;
      } else {
        body.write(stream.gen);
        stream.after();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    kinds.merge(kind, 1L, Long::sum);
    emitted++;
  }

  interface Body {
    void write(JsonGenerator g) throws IOException;
  }

  interface Fields {
    void write(JsonGenerator g) throws IOException;
  }

  private Stream trail(String account, String region) {
    return streams.computeIfAbsent("aws/" + account + "/" + region,
        k -> new TrailStream(factory, dir, rng, account, region));
  }

  private Stream sink(String kind) {
    return streams.computeIfAbsent("gcp/" + kind, k -> new SinkStream(factory, dir, rng, kind));
  }

  // ---------------------------------------------------------------- CloudTrail

  private Fields userIdentity(AwsUser u) {
    return g -> {
      g.writeStringField("type", "IAMUser");
      g.writeStringField("principalId", u.userId());
      g.writeStringField("arn", u.arn());
      g.writeStringField("accountId", u.account());
      g.writeStringField("accessKeyId", u.keyId());
      g.writeStringField("userName", u.name());
    };
  }

  private Fields accountIdentity(String account, String principalId) {
    return g -> {
      g.writeStringField("type", "AWSAccount");
      g.writeStringField("principalId", principalId);
      g.writeStringField("accountId", account);
    };
  }

  private Fields serviceIdentity(String service) {
    return g -> {
      g.writeStringField("type", "AWSService");
      g.writeStringField("invokedBy", service);
    };
  }

  private Fields sessionIdentity(Session s) {
    return g -> {
      if (s.federatedBy != null) {
        AwsUser u = s.federatedBy;
        g.writeStringField("type", "FederatedUser");
        g.writeStringField("principalId", u.account() + ":" + s.name);
        g.writeStringField("arn", s.arn());
        g.writeStringField("accountId", u.account());
        g.writeStringField("accessKeyId", s.keyId);
        g.writeObjectFieldStart("sessionContext");
        g.writeObjectFieldStart("sessionIssuer");
        g.writeStringField("type", "IAMUser");
        g.writeStringField("principalId", u.userId());
        g.writeStringField("arn", u.arn());
        g.writeStringField("accountId", u.account());
        g.writeStringField("userName", u.name());
        g.writeEndObject();
        attributes(g, s.issued, false);
        g.writeEndObject();
        return;
      }
      g.writeStringField("type", "AssumedRole");
      g.writeStringField("principalId", s.role.roleId() + ":" + s.name);
      g.writeStringField("arn", s.arn());
      g.writeStringField("accountId", s.role.account());
      g.writeStringField("accessKeyId", s.keyId);
      g.writeObjectFieldStart("sessionContext");
      g.writeObjectFieldStart("sessionIssuer");
      g.writeStringField("type", "Role");
      g.writeStringField("principalId", s.role.roleId());
      g.writeStringField("arn", s.role.arn());
      g.writeStringField("accountId", s.role.account());
      g.writeStringField("userName", s.role.name());
      g.writeEndObject();
      g.writeObjectFieldStart("webIdFederationData");
      if (s.webIdentitySubject != null) {
        g.writeStringField("federatedProvider", "accounts.google.com");
        g.writeObjectFieldStart("attributes");
        g.writeStringField("accounts.google.com:sub", s.webIdentitySubject);
        g.writeStringField("accounts.google.com:aud", s.webIdentitySubject);
        g.writeEndObject();
      }
      g.writeEndObject();
      attributes(g, s.issued, s.console && rng.nextBoolean());
      if (s.sourceIdentity != null) {
        g.writeStringField("sourceIdentity", s.sourceIdentity);
      }
      if (s.ec2) {
        g.writeStringField("ec2RoleDelivery", "2.0");
      }
      g.writeEndObject();
    };
  }

  private static void attributes(JsonGenerator g, long issued, boolean mfa) throws IOException {
    g.writeObjectFieldStart("attributes");
    g.writeStringField("creationDate", seconds(issued));
    g.writeStringField("mfaAuthenticated", Boolean.toString(mfa));
    g.writeEndObject();
  }

  private static final String[][] AWS_ACTIONS = {
      {"s3.amazonaws.com", "GetObject", "true", "Data"}, {"s3.amazonaws.com", "PutObject", "false", "Data"},
      {"s3.amazonaws.com", "ListBuckets", "true", "Management"},
      {"ec2.amazonaws.com", "DescribeInstances", "true", "Management"},
      {"ec2.amazonaws.com", "RunInstances", "false", "Management"},
      {"ec2.amazonaws.com", "DescribeSecurityGroups", "true", "Management"},
      {"iam.amazonaws.com", "ListRoles", "true", "Management"}, {"kms.amazonaws.com", "Decrypt", "true", "Management"},
      {"dynamodb.amazonaws.com", "GetItem", "true", "Data"}, {"dynamodb.amazonaws.com", "PutItem", "false", "Data"},
      {"lambda.amazonaws.com", "Invoke", "false", "Data"}, {"logs.amazonaws.com", "CreateLogStream", "false",
          "Management"}, {"sts.amazonaws.com", "GetCallerIdentity", "true", "Management"},
      {"cloudformation.amazonaws.com", "DescribeStacks", "true", "Management"},
      {"secretsmanager.amazonaws.com", "GetSecretValue", "true", "Management"}};

  private void awsAction(Fields identity, String account, String regionHint, boolean console) {
    String[] a = AWS_ACTIONS[rng.nextInt(AWS_ACTIONS.length)];
    String region = a[0].startsWith("iam.") ? GLOBAL_REGION : regionHint;
    boolean denied = rng.nextInt(100) == 0;
    String bucket = "data-" + account + "-" + rng.nextInt(8);
    String ip = "203.0." + rng.nextInt(113, 120) + "." + rng.nextInt(1, 255);
    String agent = console ? USER_AGENTS[4] : USER_AGENTS[rng.nextInt(4)];
    emit(trail(account, region), "aws.action", false, g -> {
      g.writeStartObject();
      g.writeStringField("eventVersion", a[3].equals("Data") ? "1.09" : "1.10");
      g.writeObjectFieldStart("userIdentity");
      identity.write(g);
      g.writeEndObject();
      g.writeStringField("eventTime", seconds(now));
      g.writeStringField("eventSource", a[0]);
      g.writeStringField("eventName", a[1]);
      g.writeStringField("awsRegion", region);
      g.writeStringField("sourceIPAddress", ip);
      g.writeStringField("userAgent", agent);
      if (denied) {
        g.writeStringField("errorCode", "AccessDenied");
        g.writeStringField("errorMessage", "User is not authorized to perform: " + a[0].replace(".amazonaws.com", "")
            + ":" + a[1] + " because no identity-based policy allows the action");
      }
      g.writeObjectFieldStart("requestParameters");
      switch (a[1]) {
        case "GetObject", "PutObject" -> {
          g.writeStringField("bucketName", bucket);
          g.writeStringField("Host", bucket + ".s3." + region + ".amazonaws.com");
          g.writeStringField("key", "exports/" + rng.nextInt(100000) + ".parquet");
        }
        case "DescribeInstances", "DescribeSecurityGroups" -> {
          g.writeObjectFieldStart("filterSet");
          g.writeEndObject();
          g.writeNumberField("maxResults", 100);
        }
        case "RunInstances" -> {
          g.writeStringField("instanceType", "t3.micro");
          g.writeStringField("imageId", "ami-0" + hex(16));
          g.writeNumberField("minCount", 1);
          g.writeNumberField("maxCount", 1);
        }
        case "Decrypt" -> {
          g.writeStringField("encryptionAlgorithm", "SYMMETRIC_DEFAULT");
          g.writeObjectFieldStart("encryptionContext");
          g.writeStringField("aws:lambda:FunctionArn", "arn:aws:lambda:" + region + ":" + account + ":function:api");
          g.writeEndObject();
        }
        case "GetItem", "PutItem" -> {
          g.writeStringField("tableName", "orders");
          g.writeObjectFieldStart("key");
          g.writeStringField("orderId", "o-" + rng.nextInt(1_000_000));
          g.writeEndObject();
        }
        case "Invoke" -> g.writeStringField("functionName", "arn:aws:lambda:" + region + ":" + account
            + ":function:api");
        case "CreateLogStream" -> {
          g.writeStringField("logGroupName", "/aws/lambda/api");
          g.writeStringField("logStreamName", "2026/03/02/[$LATEST]" + hex(32));
        }
        case "GetSecretValue" -> g.writeStringField("secretId", "arn:aws:secretsmanager:" + region + ":" + account
            + ":secret:db-password-" + key(6));
        default -> g.writeNumberField("maxItems", 100);
      }
      g.writeEndObject();
      if (a[1].equals("RunInstances") && !denied) {
        g.writeObjectFieldStart("responseElements");
        g.writeStringField("requestId", uuid());
        g.writeStringField("reservationId", "r-0" + hex(16));
        g.writeStringField("ownerId", account);
        g.writeEndObject();
      } else {
        g.writeNullField("responseElements");
      }
      if (a[0].startsWith("s3.")) {
        g.writeObjectFieldStart("additionalEventData");
        g.writeStringField("SignatureVersion", "SigV4");
        g.writeStringField("CipherSuite", "TLS_AES_128_GCM_SHA256");
        g.writeNumberField("bytesTransferredIn", 0);
        g.writeStringField("AuthenticationMethod", "AuthHeader");
        g.writeStringField("x-amz-id-2", key(40));
        g.writeNumberField("bytesTransferredOut", rng.nextInt(100, 5_000_000));
        g.writeEndObject();
      }
      g.writeStringField("requestID", a[0].startsWith("s3.") ? key(16) : uuid());
      g.writeStringField("eventID", uuid());
      g.writeBooleanField("readOnly", Boolean.parseBoolean(a[2]));
      if (a[0].startsWith("s3.") || a[0].startsWith("kms.") || a[0].startsWith("dynamodb.")) {
        g.writeArrayFieldStart("resources");
        g.writeStartObject();
        g.writeStringField("accountId", account);
        if (a[0].startsWith("s3.")) {
          g.writeStringField("type", "AWS::S3::Bucket");
          g.writeStringField("ARN", "arn:aws:s3:::" + bucket);
        } else if (a[0].startsWith("kms.")) {
          g.writeStringField("type", "AWS::KMS::Key");
          g.writeStringField("ARN", "arn:aws:kms:" + region + ":" + account + ":key/" + uuid());
        } else {
          g.writeStringField("type", "AWS::DynamoDB::Table");
          g.writeStringField("ARN", "arn:aws:dynamodb:" + region + ":" + account + ":table/orders");
        }
        g.writeEndObject();
        g.writeEndArray();
      }
      g.writeStringField("eventType", "AwsApiCall");
      g.writeBooleanField("managementEvent", a[3].equals("Management"));
      g.writeStringField("recipientAccountId", account);
      g.writeStringField("eventCategory", a[3]);
      if (console) {
        g.writeStringField("sessionCredentialFromConsole", "true");
      }
      tlsDetails(g, a[0].replace(".amazonaws.com", "") + "." + region + ".amazonaws.com");
      g.writeEndObject();
    });
  }

  private static void tlsDetails(JsonGenerator g, String host) throws IOException {
    g.writeObjectFieldStart("tlsDetails");
    g.writeStringField("tlsVersion", "TLSv1.3");
    g.writeStringField("cipherSuite", "TLS_AES_128_GCM_SHA256");
    g.writeStringField("clientProvidedHostHeader", host);
    g.writeEndObject();
  }

  private void awsHeader(JsonGenerator g, Fields identity, String source, String name, String region, String ip,
      String agent) throws IOException {
    g.writeStartObject();
    g.writeStringField("eventVersion", "1.08");
    g.writeObjectFieldStart("userIdentity");
    identity.write(g);
    g.writeEndObject();
    g.writeStringField("eventTime", seconds(now));
    g.writeStringField("eventSource", source);
    g.writeStringField("eventName", name);
    g.writeStringField("awsRegion", region);
    g.writeStringField("sourceIPAddress", ip);
    g.writeStringField("userAgent", agent);
  }

  private void credentials(JsonGenerator g, Session s) throws IOException {
    g.writeObjectFieldStart("credentials");
    g.writeStringField("accessKeyId", s.keyId);
    g.writeStringField("sessionToken", "IQoJb3JpZ2luX2VjE" + key(48));
    g.writeStringField("expiration", EXPIRATION.format(Instant.ofEpochMilli(s.issued + 3_600_000L)));
    g.writeEndObject();
  }

  private void assumedRoleUser(JsonGenerator g, Session s) throws IOException {
    g.writeObjectFieldStart("assumedRoleUser");
    g.writeStringField("assumedRoleId", s.role.roleId() + ":" + s.name);
    g.writeStringField("arn", s.arn());
    g.writeEndObject();
  }

  private static void roleResource(JsonGenerator g, Role r) throws IOException {
    g.writeArrayFieldStart("resources");
    g.writeStartObject();
    g.writeStringField("accountId", r.account());
    g.writeStringField("type", "AWS::IAM::Role");
    g.writeStringField("ARN", r.arn());
    g.writeEndObject();
    g.writeEndArray();
  }

  private void awsFooter(JsonGenerator g, String eventId, String reqId, String shared, String recipient,
      String eventType, String region) throws IOException {
    g.writeStringField("requestID", reqId);
    g.writeStringField("eventID", eventId);
    g.writeBooleanField("readOnly", eventType.equals("AwsConsoleSignIn") ? false : true);
    g.writeStringField("eventType", eventType);
    g.writeBooleanField("managementEvent", true);
    g.writeStringField("recipientAccountId", recipient);
    if (shared != null) {
      g.writeStringField("sharedEventID", shared);
    }
    g.writeStringField("eventCategory", "Management");
    if (!eventType.equals("AwsConsoleSignIn")) {
      tlsDetails(g, region.equals(GLOBAL_REGION) ? "sts.amazonaws.com" : "sts." + region + ".amazonaws.com");
    }
  }

  /**
   * One copy of an AssumeRole: the caller's (full identity), the role owner's (AWSAccount), or an
   * AWS service's for an instance profile. The session's issue time is the time of the first copy.
   */
  private void assumeRole(Fields identity, String recipient, Session s, String region, String shared, String reqId,
      String kind) {
    if (s.issued == 0) {
      s.issued = now;
    }
    String ip = s.ec2 ? "ec2.amazonaws.com" : "198.51.100." + rng.nextInt(1, 255);
    String agent = s.ec2 ? "ec2.amazonaws.com" : USER_AGENTS[rng.nextInt(4)];
    String eventId = uuid();
    emit(trail(recipient, region), kind, true, g -> {
      awsHeader(g, identity, "sts.amazonaws.com", "AssumeRole", region, ip, agent);
      g.writeObjectFieldStart("requestParameters");
      g.writeStringField("roleArn", s.role.arn());
      g.writeStringField("roleSessionName", s.name);
      if (s.sourceIdentity != null) {
        g.writeStringField("sourceIdentity", s.sourceIdentity);
      }
      g.writeNumberField("durationSeconds", 3600);
      g.writeEndObject();
      g.writeObjectFieldStart("responseElements");
      credentials(g, s);
      assumedRoleUser(g, s);
      if (s.sourceIdentity != null) {
        g.writeStringField("sourceIdentity", s.sourceIdentity);
      }
      g.writeEndObject();
      roleResource(g, s.role);
      awsFooter(g, eventId, reqId, shared, recipient, "AwsApiCall", region);
      g.writeEndObject();
    });
  }

  private void assumeRoleDenied(AwsUser u, Role target) {
    String eventId = uuid();
    String reqId = uuid();
    emit(trail(u.account(), GLOBAL_REGION), "aws.AssumeRole.denied", true, g -> {
      awsHeader(g, userIdentity(u), "sts.amazonaws.com", "AssumeRole", GLOBAL_REGION, "198.51.100.7",
          USER_AGENTS[0]);
      g.writeStringField("errorCode", "AccessDenied");
      g.writeStringField("errorMessage", "User: " + u.arn() + " is not authorized to perform: sts:AssumeRole on "
          + "resource: " + target.arn());
      g.writeObjectFieldStart("requestParameters");
      g.writeStringField("roleArn", target.arn());
      g.writeStringField("roleSessionName", u.name());
      g.writeEndObject();
      g.writeNullField("responseElements");
      awsFooter(g, eventId, reqId, null, u.account(), "AwsApiCall", GLOBAL_REGION);
      g.writeEndObject();
    });
  }

  private void consoleLogin(AwsUser u) {
    String eventId = uuid();
    emit(trail(u.account(), GLOBAL_REGION), "aws.ConsoleLogin", true, g -> {
      Fields id = gen -> {
        gen.writeStringField("type", "IAMUser");
        gen.writeStringField("principalId", u.userId());
        gen.writeStringField("arn", u.arn());
        gen.writeStringField("accountId", u.account());
        gen.writeStringField("userName", u.name());
      };
      awsHeader(g, id, "signin.amazonaws.com", "ConsoleLogin", GLOBAL_REGION, "192.0.2.110", BROWSER);
      g.writeNullField("requestParameters");
      g.writeObjectFieldStart("responseElements");
      g.writeStringField("ConsoleLogin", "Success");
      g.writeEndObject();
      g.writeObjectFieldStart("additionalEventData");
      g.writeStringField("LoginTo", "https://console.aws.amazon.com/console/home");
      g.writeStringField("MobileVersion", "No");
      g.writeStringField("MFAIdentifier", "arn:aws:iam::" + u.account() + ":mfa/" + u.name());
      g.writeStringField("MFAUsed", "Yes");
      g.writeEndObject();
      g.writeStringField("eventID", eventId);
      g.writeBooleanField("readOnly", false);
      g.writeStringField("eventType", "AwsConsoleSignIn");
      g.writeBooleanField("managementEvent", true);
      g.writeStringField("recipientAccountId", u.account());
      g.writeStringField("eventCategory", "Management");
      g.writeEndObject();
    });
  }

  /** SwitchRole: the record names the new console session; the session's credentials come a moment later. */
  private void switchRole(AwsUser u, Session s) {
    s.issued = now + rng.nextInt(1000, 120_000);
    String eventId = uuid();
    emit(trail(s.account(), GLOBAL_REGION), "aws.SwitchRole", true, g -> {
      Fields id = gen -> {
        gen.writeStringField("type", "AssumedRole");
        gen.writeStringField("principalId", s.role.roleId() + ":" + s.name);
        gen.writeStringField("arn", s.arn());
        gen.writeStringField("accountId", s.account());
      };
      awsHeader(g, id, "signin.amazonaws.com", "SwitchRole", GLOBAL_REGION, "192.0.2.110", BROWSER);
      g.writeNullField("requestParameters");
      g.writeObjectFieldStart("responseElements");
      g.writeStringField("SwitchRole", "Success");
      g.writeEndObject();
      g.writeObjectFieldStart("additionalEventData");
      g.writeStringField("SwitchFrom", u.arn());
      g.writeStringField("RedirectTo", "https://" + s.region + ".console.aws.amazon.com/console/home?region="
          + s.region + "#");
      g.writeEndObject();
      g.writeStringField("eventID", eventId);
      g.writeStringField("eventType", "AwsConsoleSignIn");
      g.writeBooleanField("managementEvent", true);
      g.writeStringField("recipientAccountId", s.account());
      g.writeStringField("eventCategory", "Management");
      g.writeEndObject();
    });
  }

  private void getFederationToken(AwsUser u, Session s) {
    s.issued = now;
    String eventId = uuid();
    String reqId = uuid();
    emit(trail(u.account(), GLOBAL_REGION), "aws.GetFederationToken", true, g -> {
      awsHeader(g, userIdentity(u), "sts.amazonaws.com", "GetFederationToken", GLOBAL_REGION, "198.51.100.20",
          USER_AGENTS[2]);
      g.writeObjectFieldStart("requestParameters");
      g.writeStringField("name", s.name);
      g.writeNumberField("durationSeconds", 43200);
      g.writeEndObject();
      g.writeObjectFieldStart("responseElements");
      credentials(g, s);
      g.writeObjectFieldStart("federatedUser");
      g.writeStringField("federatedUserId", u.account() + ":" + s.name);
      g.writeStringField("arn", s.arn());
      g.writeEndObject();
      g.writeNumberField("packedPolicySize", 6);
      g.writeEndObject();
      awsFooter(g, eventId, reqId, null, u.account(), "AwsApiCall", GLOBAL_REGION);
      g.writeEndObject();
    });
  }

  private void assumeRoleWithWebIdentity(Session s) {
    s.issued = now;
    String uid = s.webIdentitySubject;
    String eventId = uuid();
    String reqId = uuid();
    emit(trail(s.account(), GLOBAL_REGION), "aws.AssumeRoleWithWebIdentity", true, g -> {
      Fields id = gen -> {
        gen.writeStringField("type", "WebIdentityUser");
        gen.writeStringField("principalId", "accounts.google.com:" + uid + ":" + uid);
        gen.writeStringField("userName", uid);
        gen.writeStringField("identityProvider", "accounts.google.com");
      };
      awsHeader(g, id, "sts.amazonaws.com", "AssumeRoleWithWebIdentity", GLOBAL_REGION, "34.102.136." + rng.nextInt(
          1, 255), "aws-sdk-go-v2/1.26.0 os/linux lang/go#1.22.1 md/GOOS#linux md/GOARCH#amd64 api/sts#1.28.5");
      g.writeObjectFieldStart("requestParameters");
      g.writeStringField("roleArn", s.role.arn());
      g.writeStringField("roleSessionName", s.name);
      g.writeNumberField("durationSeconds", 3600);
      g.writeEndObject();
      g.writeObjectFieldStart("responseElements");
      credentials(g, s);
      g.writeStringField("subjectFromWebIdentityToken", uid);
      assumedRoleUser(g, s);
      g.writeStringField("provider", "accounts.google.com");
      g.writeStringField("audience", uid);
      g.writeEndObject();
      roleResource(g, s.role);
      awsFooter(g, eventId, reqId, null, s.account(), "AwsApiCall", GLOBAL_REGION);
      g.writeEndObject();
    });
  }

  // ---------------------------------------------------------------- Cloud Audit Logs

  private static final String[][] GCP_ACTIONS = {
      {"storage.googleapis.com", "storage.objects.get", "data_access", "gcs_bucket", "storage.objects.get"},
      {"storage.googleapis.com", "storage.objects.create", "data_access", "gcs_bucket", "storage.objects.create"},
      {"compute.googleapis.com", "v1.compute.instances.insert", "activity", "gce_instance", "compute.instances.create"},
      {"compute.googleapis.com", "v1.compute.instances.list", "data_access", "gce_instance", "compute.instances.list"},
      {"bigquery.googleapis.com", "google.cloud.bigquery.v2.JobService.InsertJob", "data_access", "bigquery_project",
          "bigquery.jobs.create"},
      {"pubsub.googleapis.com", "google.pubsub.v1.Publisher.CreateTopic", "activity", "pubsub_topic",
          "pubsub.topics.create"},
      {"secretmanager.googleapis.com", "google.cloud.secretmanager.v1.SecretManagerService.AccessSecretVersion",
          "data_access", "audited_resource", "secretmanager.versions.access"},
      {"iam.googleapis.com", "google.iam.admin.v1.ListServiceAccounts", "data_access", "service_account",
          "iam.serviceAccounts.list"}};

  private void gcpHeader(JsonGenerator g, String principalEmail, String principalSubject, String keyName,
      List<String[]> delegation) throws IOException {
    g.writeStartObject();
    g.writeObjectFieldStart("protoPayload");
    g.writeStringField("@type", "type.googleapis.com/google.cloud.audit.AuditLog");
    g.writeObjectFieldStart("authenticationInfo");
    if (principalEmail != null) {
      g.writeStringField("principalEmail", principalEmail);
    }
    if (principalSubject != null) {
      g.writeStringField("principalSubject", principalSubject);
    }
    if (keyName != null) {
      g.writeStringField("serviceAccountKeyName", keyName);
    }
    if (!delegation.isEmpty()) {
      g.writeArrayFieldStart("serviceAccountDelegationInfo");
      for (String[] hop : delegation) {
        g.writeStartObject();
        if (hop[0].equals("principalSubject")) {
          g.writeStringField("principalSubject", hop[1]);
        } else {
          g.writeObjectFieldStart("firstPartyPrincipal");
          g.writeStringField("principalEmail", hop[1]);
          g.writeEndObject();
        }
        g.writeEndObject();
      }
      g.writeEndArray();
    }
    g.writeEndObject();
    g.writeObjectFieldStart("requestMetadata");
    g.writeStringField("callerIp", principalSubject != null ? "52.94." + rng.nextInt(1, 255) + "." + rng.nextInt(1, 255)
        : "35.203." + rng.nextInt(1, 255) + "." + rng.nextInt(1, 255));
    g.writeStringField("callerSuppliedUserAgent", GCP_AGENTS[rng.nextInt(GCP_AGENTS.length)]);
    g.writeObjectFieldStart("requestAttributes");
    g.writeStringField("time", micros(now));
    g.writeObjectFieldStart("auth");
    g.writeEndObject();
    g.writeEndObject();
    g.writeObjectFieldStart("destinationAttributes");
    g.writeEndObject();
    g.writeEndObject();
  }

  private void gcpFooter(JsonGenerator g, String kind, String project, String resourceType, String[] labels,
      String severity) throws IOException {
    g.writeStringField("insertId", lower(12) + "e" + lower(3));
    g.writeObjectFieldStart("resource");
    g.writeStringField("type", resourceType);
    g.writeObjectFieldStart("labels");
    g.writeStringField("project_id", project);
    for (int i = 0; i + 1 < labels.length; i += 2) {
      g.writeStringField(labels[i], labels[i + 1]);
    }
    g.writeEndObject();
    g.writeEndObject();
    g.writeStringField("timestamp", micros(now));
    g.writeStringField("severity", severity);
    g.writeStringField("logName", "projects/" + project + "/logs/cloudaudit.googleapis.com%2F" + kind);
    g.writeStringField("receiveTimestamp", micros(now + 200 + rng.nextInt(3000)));
    g.writeEndObject();
  }

  private void gcpAction(String project, String callerKind, String email, String subject, String keyName,
      List<String[]> delegation, String kind) {
    String[] a = GCP_ACTIONS[rng.nextInt(GCP_ACTIONS.length)];
    String bucket = project + "-data-" + rng.nextInt(6);
    String zone = List.of("us-central1-a", "europe-west1-b", "asia-northeast1-c").get(rng.nextInt(3));
    String resourceName = switch (a[3]) {
      case "gcs_bucket" -> "projects/_/buckets/" + bucket + "/objects/raw/" + rng.nextInt(100000) + ".avro";
      case "gce_instance" -> "projects/" + project + "/zones/" + zone + "/instances/vm-" + rng.nextInt(200);
      case "pubsub_topic" -> "projects/" + project + "/topics/events-" + rng.nextInt(20);
      case "audited_resource" -> "projects/" + project + "/secrets/db-password/versions/" + rng.nextInt(1, 9);
      default -> "projects/" + project;
    };
    String[] labels = switch (a[3]) {
      case "gcs_bucket" -> new String[] {"bucket_name", bucket, "location", "us-central1"};
      case "gce_instance" -> new String[] {"instance_id", digits(19, '4'), "zone", zone};
      case "pubsub_topic" -> new String[] {"topic_id", "events"};
      case "audited_resource" -> new String[] {"service", a[0], "method", a[1]};
      case "service_account" -> new String[] {"email_id", "", "unique_id", ""};
      default -> new String[] {"location", "US"};
    };
    emit(sink(a[2]), kind, false, g -> {
      gcpHeader(g, email, subject, keyName, delegation);
      g.writeObjectFieldStart("status");
      g.writeEndObject();
      g.writeStringField("serviceName", a[0]);
      g.writeStringField("methodName", a[1]);
      g.writeArrayFieldStart("authorizationInfo");
      g.writeStartObject();
      g.writeStringField("resource", resourceName);
      g.writeStringField("permission", a[4]);
      g.writeBooleanField("granted", true);
      g.writeObjectFieldStart("resourceAttributes");
      g.writeEndObject();
      g.writeEndObject();
      g.writeEndArray();
      g.writeStringField("resourceName", resourceName);
      if (a[2].equals("activity")) {
        g.writeObjectFieldStart("request");
        g.writeStringField("@type", "type.googleapis.com/" + (a[0].startsWith("compute")
            ? "compute.instances.insert" : "google.pubsub.v1.Topic"));
        g.writeStringField("name", resourceName);
        g.writeEndObject();
        g.writeObjectFieldStart("response");
        g.writeStringField("@type", "type.googleapis.com/" + (a[0].startsWith("compute") ? "operation"
            : "google.pubsub.v1.Topic"));
        g.writeStringField("name", resourceName);
        g.writeEndObject();
      }
      g.writeEndObject();
      gcpFooter(g, a[2], project, a[3], labels, "INFO");
    });
  }

  /** GenerateAccessToken or GenerateIdToken by a Google principal or a federated principal for a service account. */
  private void generateToken(String method, String callerEmail, String callerSubject, Sa sa, boolean granted) {
    String kind = "gcp." + method + (granted ? "" : ".denied");
    emit(sink("data_access"), kind, true, g -> {
      gcpHeader(g, callerEmail, callerSubject, null, List.of());
      g.writeObjectFieldStart("status");
      if (!granted) {
        g.writeNumberField("code", 7);
        g.writeStringField("message", "Permission 'iam.serviceAccounts." + (method.equals("GenerateIdToken")
            ? "getOpenIdToken" : "getAccessToken") + "' denied on resource (or it may not exist).");
      }
      g.writeEndObject();
      g.writeStringField("serviceName", "iamcredentials.googleapis.com");
      g.writeStringField("methodName", method);
      g.writeArrayFieldStart("authorizationInfo");
      g.writeStartObject();
      g.writeStringField("resource", "projects/-/serviceAccounts/" + sa.uniqueId());
      g.writeStringField("permission", method.equals("GenerateIdToken") ? "iam.serviceAccounts.getOpenIdToken"
          : "iam.serviceAccounts.getAccessToken");
      g.writeBooleanField("granted", granted);
      g.writeObjectFieldStart("resourceAttributes");
      g.writeEndObject();
      g.writeEndObject();
      g.writeEndArray();
      g.writeStringField("resourceName", "projects/-/serviceAccounts/" + sa.uniqueId());
      g.writeObjectFieldStart("request");
      g.writeStringField("@type", "type.googleapis.com/google.iam.credentials.v1." + method + "Request");
      g.writeStringField("name", "projects/-/serviceAccounts/" + sa.email());
      if (method.equals("GenerateIdToken")) {
        g.writeStringField("audience", sa.uniqueId());
      }
      g.writeEndObject();
      g.writeEndObject();
      gcpFooter(g, "data_access", sa.project(), "service_account",
          new String[] {"email_id", sa.email(), "unique_id", sa.uniqueId()}, granted ? "INFO" : "ERROR");
    });
  }

  /**
   * ExchangeToken as Google documents it: {@code principalSubject} is the external subject (for AWS
   * the caller's session ARN, seed 004) and {@code metadata.mapped_principal} the pool principal;
   * some entries lack the metadata.
   */
  private void exchangeToken(Session s, boolean noMetadata) {
    String subject = s.arn();
    emit(sink("data_access"), "gcp.ExchangeToken", true, g -> {
      gcpHeader(g, null, subject, null, List.of());
      g.writeObjectFieldStart("status");
      g.writeEndObject();
      g.writeStringField("serviceName", "sts.googleapis.com");
      g.writeStringField("methodName", "google.identity.sts.v1.SecurityTokenService.ExchangeToken");
      g.writeStringField("resourceName", "projects/" + POOL_PROJECT_NUMBER
          + "/locations/global/workloadIdentityPools/aws-pool/providers/aws");
      g.writeObjectFieldStart("request");
      g.writeStringField("@type", "type.googleapis.com/google.identity.sts.v1.ExchangeTokenRequest");
      g.writeStringField("audience", "//iam.googleapis.com/projects/" + POOL_PROJECT_NUMBER
          + "/locations/global/workloadIdentityPools/aws-pool/providers/aws");
      g.writeStringField("grantType", "urn:ietf:params:oauth:grant-type:token-exchange");
      g.writeStringField("requestedTokenType", "urn:ietf:params:oauth:token-type:access_token");
      g.writeStringField("subjectTokenType", "urn:ietf:params:aws:token-type:aws4_request");
      g.writeEndObject();
      if (!noMetadata) {
        g.writeObjectFieldStart("metadata");
        g.writeStringField("mapped_principal", POOL + s.arn());
        g.writeEndObject();
      }
      g.writeEndObject();
      gcpFooter(g, "data_access", PROJECTS.get(0), "audited_resource",
          new String[] {"service", "sts.googleapis.com", "method", "google.identity.sts.v1.SecurityTokenService"
              + ".ExchangeToken"}, "INFO");
    });
  }

  // ---------------------------------------------------------------- values

  private <T> T any(List<T> list) {
    return list.get(rng.nextInt(list.size()));
  }

  private String key(int n) {
    char[] c = new char[n];
    for (int i = 0; i < n; i++) {
      c[i] = B32.charAt(rng.nextInt(32));
    }
    return new String(c);
  }

  private String lower(int n) {
    char[] c = new char[n];
    for (int i = 0; i < n; i++) {
      c[i] = LOWER.charAt(rng.nextInt(LOWER.length()));
    }
    return new String(c);
  }

  private String hex(int n) {
    char[] c = new char[n];
    for (int i = 0; i < n; i++) {
      c[i] = Character.forDigit(rng.nextInt(16), 16);
    }
    return new String(c);
  }

  private String digits(int n, char first) {
    char[] c = new char[n];
    c[0] = first;
    for (int i = 1; i < n; i++) {
      c[i] = (char) ('0' + rng.nextInt(10));
    }
    return new String(c);
  }

  private String uuid() {
    return new UUID((rng.nextLong() & ~0xF000L) | 0x4000L, (rng.nextLong() & 0x3FFFFFFFFFFFFFFFL)
        | 0x8000000000000000L).toString();
  }

  static String seconds(long millis) {
    return Instant.ofEpochSecond(Math.floorDiv(millis, 1000)).toString();
  }

  static String micros(long millis) {
    return Instant.ofEpochMilli(millis).plusNanos((millis * 7919 % 1000) * 1000).toString();
  }
}
