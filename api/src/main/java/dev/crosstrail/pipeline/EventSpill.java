package dev.crosstrail.pipeline;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.crosstrail.model.AuditEvent;
import dev.crosstrail.model.Cloud;
import dev.crosstrail.model.Credential;
import dev.crosstrail.model.CredentialKind;
import dev.crosstrail.model.Evidence;
import dev.crosstrail.model.Hop;
import dev.crosstrail.model.HopMechanism;
import dev.crosstrail.model.Outcome;
import dev.crosstrail.model.Principal;
import dev.crosstrail.model.PrincipalKind;
import dev.crosstrail.model.RecordLocation;
import dev.crosstrail.model.ResourceRef;
import dev.crosstrail.model.SessionContext;
import dev.crosstrail.model.Strength;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A compact binary form of normalized events, written once and read back once, so that a whole run
 * parses and normalizes each JSON record only once: the first pass spills every event while it builds
 * the graph, the second reads the spill instead of the logs (reading this form costs a fraction of
 * reading JSON, and needs no normalizer).
 *
 * <p>The format is private to one run (no version, no compatibility promise): varint lengths and
 * numbers, enum ordinals, and strings as UTF-8 (UTF-16 for the rare string with a lone surrogate) or
 * as a reference to an identical string written shortly before. The references go through a
 * direct-mapped cache of {@value #CACHE_SLOTS} slots that writer and reader update identically (and
 * renew every {@value #EVENTS_PER_CACHE} events), so memory stays fixed however long the spill is,
 * and the principals, accounts, file names and user agents that repeat on every record are written
 * once per stretch of file and shared again when read.
 */
final class EventSpill {

  static final int CACHE_SLOTS = 1 << 13;
  /**
   * Both sides start a fresh cache every this many events, so that the array tends to stay in the
   * young generation with the fresh strings stored in it (in an old array each such store is a
   * cross-generation reference the collector must track). Each repeated string is then written in
   * full once per stretch.
   */
  static final int EVENTS_PER_CACHE = 1 << 13;

  private EventSpill() {}

  /** Fibonacci hashing: the top 13 bits of the spread hash pick one of the {@value #CACHE_SLOTS} slots. */
  private static int slot(String s) {
    return (s.hashCode() * 0x9E3779B9) >>> 19;
  }

  /** Appends events to one file; one writer per thread. */
  static final class Writer implements Closeable {
    private final Path file;
    private final Sink out;
    private String[] cache = new String[CACHE_SLOTS];
    private long events;

    Writer(Path file) throws IOException {
      this.file = file;
      this.out = new Sink(Files.newOutputStream(file));
    }

    Path file() {
      return file;
    }

    long events() {
      return events;
    }

    void write(AuditEvent e) throws IOException {
      if (events % EVENTS_PER_CACHE == 0) {
        cache = new String[CACHE_SLOTS];
      }
      out.write(1);
      out.write(e.cloud().ordinal());
      string(e.id());
      instant(e.time());
      string(e.service());
      string(e.operation());
      principal(e.actor());
      if (e.credential().isPresent()) {
        out.write(1);
        credential(e.credential().get());
      } else {
        out.write(0);
      }
      if (e.session().isPresent()) {
        out.write(1);
        session(e.session().get());
      } else {
        out.write(0);
      }
      optional(e.sourceIp());
      optional(e.userAgent());
      optional(e.account());
      optional(e.region());
      varint(e.resources().size());
      for (ResourceRef r : e.resources()) {
        string(r.id());
        optional(r.type());
        optional(r.account());
      }
      out.write(e.outcome().success() ? 1 : 0);
      optional(e.outcome().errorCode());
      optional(e.outcome().errorMessage());
      out.write(e.identityEstablishing() ? 1 : 0);
      varint(e.hops().size());
      for (Hop h : e.hops()) {
        hop(h);
      }
      optional(e.sharedEventId());
      optional(e.category());
      RecordLocation l = e.location();
      string(l.source());
      varlong(zigzag(l.index()));
      varlong(zigzag(l.line()));
      varlong(zigzag(l.byteOffset()));
      varint(e.namedPrincipals().size());
      for (Principal p : e.namedPrincipals()) {
        principal(p);
      }
      events++;
    }

    private void hop(Hop h) throws IOException {
      out.write(h.mechanism().ordinal());
      principal(h.from());
      principal(h.to());
      if (h.issued().isPresent()) {
        out.write(1);
        credential(h.issued().get());
      } else {
        out.write(0);
      }
      instant(h.validFrom());
      optionalInstant(h.validUntil());
      optional(h.audience());
      optional(h.sourceIdentity());
      varint(h.evidence().size());
      for (Evidence ev : h.evidence()) {
        out.write(ev.cloud().ordinal());
        string(ev.eventId());
        instant(ev.time());
      }
      out.write(h.strength().ordinal());
      optional(h.reason());
    }

    private void session(SessionContext s) throws IOException {
      if (s.issuer().isPresent()) {
        out.write(1);
        principal(s.issuer().get());
      } else {
        out.write(0);
      }
      optionalInstant(s.issuedAt());
      out.write(s.mfaAuthenticated() ? 1 : 0);
      optional(s.sourceIdentity());
      optional(s.webIdentityProvider());
      varint(s.webIdentityAttributes().size());
      for (Map.Entry<String, String> a : s.webIdentityAttributes().entrySet()) {
        string(a.getKey());
        string(a.getValue());
      }
      optional(s.invokedBy());
      optional(s.onBehalfOf());
      out.write(s.fromConsole() ? 1 : 0);
      optional(s.ec2RoleDelivery());
    }

    private void principal(Principal p) throws IOException {
      string(p.id());
      out.write(p.kind().ordinal());
      out.write(p.cloud().ordinal());
      optional(p.account());
      optional(p.uniqueId());
      optional(p.sourceType());
    }

    private void credential(Credential c) throws IOException {
      out.write(c.kind().ordinal());
      optional(c.id());
    }

    private void instant(Instant t) throws IOException {
      varlong(zigzag(t.getEpochSecond()));
      varint(t.getNano());
    }

    private void optionalInstant(Optional<Instant> t) throws IOException {
      if (t.isPresent()) {
        out.write(1);
        instant(t.get());
      } else {
        out.write(0);
      }
    }

    private void optional(Optional<String> s) throws IOException {
      if (s.isPresent()) {
        string(s.get());
      } else {
        varint(0);
      }
    }

    /**
     * Header 0: absent; {@code (slot << 2) | 1}: the string last written to that cache slot;
     * {@code ((length + 1) << 2) | 0}: UTF-8 bytes follow; {@code ((length + 1) << 2) | 2}: UTF-16 chars
     * follow, for the rare string with a lone surrogate (JSON can escape one), which UTF-8 cannot carry.
     */
    private void string(String s) throws IOException {
      int slot = slot(s);
      if (s.equals(cache[slot])) {
        varint((slot << 2) | 1);
        return;
      }
      cache[slot] = s;
      byte[] bytes = s.getBytes(UTF_8);
      // UTF-8 encoding turns a lone surrogate into '?' (one byte, so the length alone does not show it):
      // scan for surrogates only when the bytes are longer than the chars or hold a '?'.
      if ((bytes.length != s.length() || contains(bytes, (byte) '?')) && hasSurrogate(s)) {
        varint(((s.length() + 1) << 2) | 2);
        for (int i = 0; i < s.length(); i++) {
          out.write(s.charAt(i) >>> 8);
          out.write(s.charAt(i));
        }
        return;
      }
      varint((bytes.length + 1) << 2);
      out.write(bytes);
    }

    private static boolean contains(byte[] bytes, byte b) {
      for (byte x : bytes) {
        if (x == b) {
          return true;
        }
      }
      return false;
    }

    private static boolean hasSurrogate(String s) {
      for (int i = 0; i < s.length(); i++) {
        if (Character.isSurrogate(s.charAt(i))) {
          return true;
        }
      }
      return false;
    }

    private void varint(int v) throws IOException {
      varlong(v & 0xFFFFFFFFL);
    }

    private void varlong(long v) throws IOException {
      while ((v & ~0x7FL) != 0) {
        out.write((int) ((v & 0x7F) | 0x80));
        v >>>= 7;
      }
      out.write((int) v);
    }

    @Override
    public void close() throws IOException {
      out.write(0);
      out.close();
    }
  }

  /**
   * A write buffer without the per-byte locking of {@link java.io.BufferedOutputStream}: each writer
   * belongs to one thread, and most of what it writes is single bytes.
   */
  private static final class Sink implements Closeable {
    private final OutputStream out;
    private final byte[] buffer = new byte[1 << 16];
    private int position;

    Sink(OutputStream out) {
      this.out = out;
    }

    void write(int b) throws IOException {
      if (position == buffer.length) {
        flush();
      }
      buffer[position++] = (byte) b;
    }

    void write(byte[] bytes) throws IOException {
      if (bytes.length > buffer.length - position) {
        flush();
        if (bytes.length > buffer.length) {
          out.write(bytes);
          return;
        }
      }
      System.arraycopy(bytes, 0, buffer, position, bytes.length);
      position += bytes.length;
    }

    private void flush() throws IOException {
      out.write(buffer, 0, position);
      position = 0;
    }

    @Override
    public void close() throws IOException {
      try (out) {
        flush();
      }
    }
  }

  /** The read side of {@link Sink}. */
  private static final class Source implements Closeable {
    private final Path file;
    private final InputStream in;
    private final byte[] buffer = new byte[1 << 16];
    private int position;
    private int limit;

    Source(Path file, InputStream in) {
      this.file = file;
      this.in = in;
    }

    int read() throws IOException {
      if (position == limit && !fill()) {
        throw new EOFException("spill file " + file + " ends before its end marker");
      }
      return buffer[position++] & 0xFF;
    }

    void readFully(byte[] target, int length) throws IOException {
      int copied = 0;
      while (copied < length) {
        if (position == limit && !fill()) {
          throw new EOFException("spill file " + file + " ends inside a string");
        }
        int n = Math.min(length - copied, limit - position);
        System.arraycopy(buffer, position, target, copied, n);
        position += n;
        copied += n;
      }
    }

    private boolean fill() throws IOException {
      int n = in.read(buffer, 0, buffer.length);
      if (n <= 0) {
        return false;
      }
      position = 0;
      limit = n;
      return true;
    }

    @Override
    public void close() throws IOException {
      in.close();
    }
  }

  /** Reads back, in order, the events of one file that a {@link Writer} closed. */
  static final class Reader implements Closeable {
    private static final Cloud[] CLOUDS = Cloud.values();
    private static final PrincipalKind[] KINDS = PrincipalKind.values();
    private static final CredentialKind[] CREDENTIALS = CredentialKind.values();
    private static final HopMechanism[] MECHANISMS = HopMechanism.values();
    private static final Strength[] STRENGTHS = Strength.values();

    private final Path file;
    private final Source in;
    private String[] cache = new String[CACHE_SLOTS];
    private long events;
    private byte[] buffer = new byte[256];

    Reader(Path file) throws IOException {
      this.file = file;
      this.in = new Source(file, Files.newInputStream(file));
    }

    /** The next event, or empty at the end marker. */
    Optional<AuditEvent> next() throws IOException {
      int marker = read();
      if (marker == 0) {
        return Optional.empty();
      }
      if (marker != 1) {
        throw new IOException("corrupt spill file " + file + ": unexpected record marker " + marker);
      }
      if (events++ % EVENTS_PER_CACHE == 0) {
        cache = new String[CACHE_SLOTS];
      }
      Cloud cloud = CLOUDS[read()];
      String id = string();
      Instant time = instant();
      String service = string();
      String operation = string();
      Principal actor = principal();
      Optional<Credential> credential = read() == 1 ? Optional.of(credential()) : Optional.empty();
      Optional<SessionContext> session = read() == 1 ? Optional.of(session()) : Optional.empty();
      Optional<String> sourceIp = optional();
      Optional<String> userAgent = optional();
      Optional<String> account = optional();
      Optional<String> region = optional();
      int resourceCount = varint();
      List<ResourceRef> resources = new ArrayList<>(resourceCount);
      for (int i = 0; i < resourceCount; i++) {
        resources.add(new ResourceRef(string(), optional(), optional()));
      }
      boolean success = read() == 1;
      Outcome outcome = new Outcome(success, optional(), optional());
      boolean identityEstablishing = read() == 1;
      int hopCount = varint();
      List<Hop> hops = new ArrayList<>(hopCount);
      for (int i = 0; i < hopCount; i++) {
        hops.add(hop());
      }
      Optional<String> sharedEventId = optional();
      Optional<String> category = optional();
      RecordLocation location = new RecordLocation(string(), unzigzag(varlong()), unzigzag(varlong()),
          unzigzag(varlong()));
      int namedCount = varint();
      List<Principal> named = new ArrayList<>(namedCount);
      for (int i = 0; i < namedCount; i++) {
        named.add(principal());
      }
      return Optional.of(new AuditEvent(cloud, id, time, service, operation, actor, credential, session, sourceIp,
          userAgent, account, region, resources, outcome, identityEstablishing, hops, sharedEventId, category,
          location, named));
    }

    private Hop hop() throws IOException {
      HopMechanism mechanism = MECHANISMS[read()];
      Principal from = principal();
      Principal to = principal();
      Optional<Credential> issued = read() == 1 ? Optional.of(credential()) : Optional.empty();
      Instant validFrom = instant();
      Optional<Instant> validUntil = optionalInstant();
      Optional<String> audience = optional();
      Optional<String> sourceIdentity = optional();
      int evidenceCount = varint();
      List<Evidence> evidence = new ArrayList<>(evidenceCount);
      for (int i = 0; i < evidenceCount; i++) {
        evidence.add(new Evidence(CLOUDS[read()], string(), instant()));
      }
      Strength strength = STRENGTHS[read()];
      return new Hop(mechanism, from, to, issued, validFrom, validUntil, audience, sourceIdentity, evidence, strength,
          optional());
    }

    private SessionContext session() throws IOException {
      Optional<Principal> issuer = read() == 1 ? Optional.of(principal()) : Optional.empty();
      Optional<Instant> issuedAt = optionalInstant();
      boolean mfa = read() == 1;
      Optional<String> sourceIdentity = optional();
      Optional<String> webIdentityProvider = optional();
      int attributeCount = varint();
      Map<String, String> attributes = new LinkedHashMap<>();
      for (int i = 0; i < attributeCount; i++) {
        attributes.put(string(), string());
      }
      Optional<String> invokedBy = optional();
      Optional<String> onBehalfOf = optional();
      boolean fromConsole = read() == 1;
      return new SessionContext(issuer, issuedAt, mfa, sourceIdentity, webIdentityProvider, attributes, invokedBy,
          onBehalfOf, fromConsole, optional());
    }

    private Principal principal() throws IOException {
      return new Principal(string(), KINDS[read()], CLOUDS[read()], optional(), optional(), optional());
    }

    private Credential credential() throws IOException {
      return new Credential(CREDENTIALS[read()], optional());
    }

    private Instant instant() throws IOException {
      return Instant.ofEpochSecond(unzigzag(varlong()), varint());
    }

    private Optional<Instant> optionalInstant() throws IOException {
      return read() == 1 ? Optional.of(instant()) : Optional.empty();
    }

    private Optional<String> optional() throws IOException {
      return Optional.ofNullable(nullableString());
    }

    private String string() throws IOException {
      String s = nullableString();
      if (s == null) {
        throw new IOException("corrupt spill file " + file + ": a required string is absent");
      }
      return s;
    }

    private String nullableString() throws IOException {
      int header = varint();
      if (header == 0) {
        return null;
      }
      if ((header & 3) == 1) {
        String s = cache[header >>> 2];
        if (s == null) {
          throw new IOException("corrupt spill file " + file + ": reference to an empty string slot");
        }
        return s;
      }
      int length = (header >>> 2) - 1;
      String s;
      if ((header & 3) == 2) {
        char[] chars = new char[length];
        for (int i = 0; i < length; i++) {
          chars[i] = (char) ((read() << 8) | read());
        }
        s = new String(chars);
      } else {
        if (buffer.length < length) {
          buffer = new byte[Math.max(length, buffer.length * 2)];
        }
        in.readFully(buffer, length);
        s = new String(buffer, 0, length, UTF_8);
      }
      cache[slot(s)] = s;
      return s;
    }

    private int read() throws IOException {
      return in.read();
    }

    private int varint() throws IOException {
      return (int) varlong();
    }

    private long varlong() throws IOException {
      long v = 0;
      for (int shift = 0; shift < 64; shift += 7) {
        int b = read();
        v |= (long) (b & 0x7F) << shift;
        if ((b & 0x80) == 0) {
          return v;
        }
      }
      throw new IOException("corrupt spill file " + file + ": varint longer than 64 bits");
    }

    @Override
    public void close() throws IOException {
      in.close();
    }
  }

  private static long zigzag(long v) {
    return (v << 1) ^ (v >> 63);
  }

  private static long unzigzag(long v) {
    return (v >>> 1) ^ -(v & 1);
  }
}
