package dev.rdbss.core.io;

import dev.rdbss.api.Credentials;
import dev.rdbss.api.LogonId;
import dev.rdbss.api.MiniRdrState;
import dev.rdbss.api.NtStatus;
import dev.rdbss.api.observe.TraceEvent;
import dev.rdbss.api.spi.RdbssClock;
import dev.rdbss.core.engine.Fsd;
import dev.rdbss.core.name.Canonicalizer;
import dev.rdbss.core.trace.Tracer;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The Multiple UNC Provider (spec §6.1): resolves {@code \\server\share\…} by asking the started
 * mini-redirectors in provider order, stopping at the first that claims the prefix, and remembers
 * the claim for a time-to-live on the runtime's clock.
 *
 * <p>When no provider claims a name, the answer follows MUP's precedence: a credential failure
 * passes through unchanged (LOGON_FAILURE, ACCESS_DENIED, …), then BAD_NETWORK_NAME (the server
 * exists, the share does not) over BAD_NETWORK_PATH; transport errors such as CONNECTION_REFUSED
 * become BAD_NETWORK_PATH.
 */
final class Mup {

  /** Statuses that say who the caller is, not where the share is: passed through unchanged. */
  private static final Set<NtStatus> CREDENTIAL_FAILURES =
      Set.of(
          NtStatus.LOGON_FAILURE,
          NtStatus.ACCESS_DENIED,
          NtStatus.NETWORK_ACCESS_DENIED,
          NtStatus.WRONG_PASSWORD,
          NtStatus.ACCOUNT_DISABLED,
          NtStatus.NETWORK_CREDENTIAL_CONFLICT);

  /** The statuses a claim may end with (§6.1); anything else is a transport error. */
  private static final Set<NtStatus> CLAIM_STATUSES =
      Set.of(
          NtStatus.BAD_NETWORK_PATH,
          NtStatus.BAD_NETWORK_NAME,
          NtStatus.INSUFFICIENT_RESOURCES,
          NtStatus.INVALID_DEVICE_REQUEST,
          NtStatus.INVALID_PARAMETER);

  /**
   * A resolution.
   *
   * @param status SUCCESS, or why no provider claims the name
   * @param provider the device that claimed it
   */
  record Claim(NtStatus status, @Nullable Fsd provider) {}

  private record Cached(Fsd provider, long expiresAtNanos) {}

  private final Supplier<List<Fsd>> providers;
  private final RdbssClock clock;
  private final Duration ttl;
  private final Tracer tracer;
  private final Map<String, Cached> claims = new HashMap<>();

  Mup(Supplier<List<Fsd>> providers, RdbssClock clock, Duration ttl, Tracer tracer) {
    this.providers = providers;
    this.clock = clock;
    this.ttl = ttl;
    this.tracer = tracer;
  }

  /** Resolves the provider of {@code uncName} ({@code \\server\share\…}) for a logon. */
  Claim resolve(String uncName, LogonId logon, Credentials credentials, boolean explicit) {
    String prefix = prefixKey(uncName);
    if (prefix == null) {
      return new Claim(NtStatus.OBJECT_NAME_INVALID, null);
    }
    // Every provider's RDBSS would refuse a malformed \\server\share with the same §6.2 status:
    // report it as such rather than as a share nobody claimed, and ask no one.
    NtStatus syntax = Canonicalizer.canonicalize(shareName(uncName), false, false, logon).status();
    if (!syntax.isSuccess()) {
      return new Claim(syntax, null);
    }
    Fsd cached = cached(prefix);
    if (cached != null && cached.state() == MiniRdrState.STARTED) {
      return new Claim(NtStatus.SUCCESS, cached);
    }
    NtStatus best = null;
    for (Fsd provider : providers.get()) {
      if (provider.state() != MiniRdrState.STARTED) {
        continue; // not registered with MUP until started (§5.1 step 4)
      }
      // The claim is about the share; the rest of the name is the chosen device's to judge.
      Fsd.PrefixClaim claim =
          provider.claimPrefix(shareName(uncName), logon, credentials, explicit);
      if (claim.status().isSuccess()) {
        remember(prefix, provider);
        tracer.record(TraceEvent.Kind.RUNTIME, provider.deviceName(), "mupClaim", null,
            NtStatus.SUCCESS, prefix);
        return new Claim(NtStatus.SUCCESS, provider);
      }
      best = precedence(best, claim.status());
    }
    return new Claim(best == null ? NtStatus.BAD_NETWORK_PATH : best, null);
  }

  /** Forgets every claim (a provider stopped or was unregistered). */
  synchronized void flush() {
    claims.clear();
  }

  private synchronized @Nullable Fsd cached(String prefix) {
    Cached c = claims.get(prefix);
    if (c == null) {
      return null;
    }
    if (clock.nanoTime() >= c.expiresAtNanos()) {
      claims.remove(prefix);
      return null;
    }
    return c.provider();
  }

  private synchronized void remember(String prefix, Fsd provider) {
    claims.put(prefix, new Cached(provider, clock.nanoTime() + ttl.toNanos()));
  }

  /** Which of two failures MUP reports (the class comment). */
  static NtStatus precedence(@Nullable NtStatus current, NtStatus next) {
    NtStatus mapped = CREDENTIAL_FAILURES.contains(next) || CLAIM_STATUSES.contains(next)
        ? next
        : NtStatus.BAD_NETWORK_PATH;
    if (current == null) {
      return mapped;
    }
    return rank(mapped) > rank(current) ? mapped : current;
  }

  private static int rank(NtStatus s) {
    if (CREDENTIAL_FAILURES.contains(s)) {
      return 3;
    }
    if (s.equals(NtStatus.BAD_NETWORK_NAME)) {
      return 2;
    }
    if (s.equals(NtStatus.BAD_NETWORK_PATH)) {
      return 0;
    }
    return 1;
  }

  /** The {@code \\\\server\\share} part of a UNC name, as the caller spelled it. */
  static String shareName(String uncName) {
    int server = uncName.indexOf('\\', 2);
    int share = server < 0 ? -1 : uncName.indexOf('\\', server + 1);
    return share < 0 ? uncName : uncName.substring(0, share);
  }

  /**
   * {@code \SERVER\SHARE} of {@code \\server\share\…}, or null when the name has no share. Upper-cased
   * char by char, as the netname table compares names (§3.2): {@code String.toUpperCase} would turn
   * {@code ß} into {@code SS}, merging two shares into one claim and changing the key's length.
   */
  static @Nullable String prefixKey(String uncName) {
    String serverShare = serverShare(uncName);
    if (serverShare == null) {
      return null;
    }
    char[] folded = serverShare.toCharArray();
    for (int i = 0; i < folded.length; i++) {
      folded[i] = Character.toUpperCase(folded[i]);
    }
    return new String(folded);
  }

  /** {@code \server\share} of {@code \\server\share\…} as spelled, or null when it has no share. */
  static @Nullable String serverShare(String uncName) {
    if (!uncName.startsWith("\\\\")) {
      return null;
    }
    int server = uncName.indexOf('\\', 2);
    if (server <= 2 || server + 1 == uncName.length() || uncName.charAt(server + 1) == '\\') {
      return null; // no server, or no share
    }
    int share = uncName.indexOf('\\', server + 1);
    return uncName.substring(1, share < 0 ? uncName.length() : share);
  }
}
