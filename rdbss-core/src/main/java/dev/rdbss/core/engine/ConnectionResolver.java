package dev.rdbss.core.engine;

import dev.rdbss.api.BugCheckCode;
import dev.rdbss.api.Condition;
import dev.rdbss.api.ConnectionId;
import dev.rdbss.api.Credentials;
import dev.rdbss.api.LockHoldingState;
import dev.rdbss.api.NetRootType;
import dev.rdbss.api.NtStatus;
import dev.rdbss.api.spi.LockScope;
import dev.rdbss.api.spi.NetRootName;
import dev.rdbss.core.name.CanonicalName;
import dev.rdbss.core.netname.PrefixEntry;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * {@code RxFindOrConstructVirtualNetRoot} (spec §6.3): finds the caller's V_NET_ROOT for a
 * canonical name, or builds what is missing of SRV_CALL, NET_ROOT and V_NET_ROOT, through the
 * asynchronous creation contracts of {@link SrvCallConstruction} and {@link VNetRootConstruction}.
 *
 * <p>The caller waits (a synchronous request) while a construction is in transition and then looks
 * again from the start, as RDBSS does; the netname lock is never held while waiting or while the
 * mini-redirector is called.
 */
final class ConnectionResolver {

  /** A name can be in transition at most this many times in one resolution before it gives up. */
  private static final int MAXIMUM_ATTEMPTS = 16;

  /**
   * The outcome.
   *
   * @param status SUCCESS, or why the share cannot be reached
   * @param view on success the caller's view, referenced for the caller
   * @param pathInShare on success the rest of the name after the view, {@code \dir\f.txt} or empty
   */
  record Resolution(NtStatus status, @Nullable VNetRootImpl view, String pathInShare) {
    static Resolution failed(NtStatus status) {
      return new Resolution(status, null, "");
    }
  }

  private final Engine engine;
  private final RdbssService rdbss;

  ConnectionResolver(Engine engine, RdbssService rdbss) {
    this.engine = engine;
    this.rdbss = rdbss;
  }

  /** Finds or builds the view of {@code name} for {@code ctx}'s logon (§6.3 steps 1–4). */
  Resolution findOrConstruct(RxContextImpl ctx, CanonicalName name) {
    ConnectionId connectionId = connectionId(ctx);
    for (int attempt = 0; attempt < MAXIMUM_ATTEMPTS; attempt++) {
      if (ctx.isCancelled()) {
        return Resolution.failed(NtStatus.CANCELLED);
      }
      Resolution r = attempt(ctx, name, connectionId);
      if (r != null) {
        return r;
      }
    }
    return Resolution.failed(NtStatus.BAD_NETWORK_PATH);
  }

  /** Step 1: {@code MRxGetConnectionId}; NOT_IMPLEMENTED means no id. */
  private ConnectionId connectionId(RxContextImpl ctx) {
    OutParameter<ConnectionId> id = new OutParameter<>(ConnectionId.NONE);
    NtStatus s =
        engine.callbacks.call(
            "getConnectionId", null, () -> engine.device.miniRedirector().getConnectionId(ctx, id));
    if (s.equals(NtStatus.NOT_IMPLEMENTED)) {
      return ConnectionId.NONE;
    }
    if (!s.isSuccess()) {
      throw engine.device
          .bugChecks()
          .raise(
              BugCheckCode.DRIVER_VERIFIER_DETECTED_VIOLATION,
              "§5.2",
              "MiniRedirector.getConnectionId answered "
                  + s
                  + ": it answers SUCCESS (with the id set) or NOT_IMPLEMENTED, nothing else");
    }
    return id.get();
  }

  /** One pass of steps 2–4; {@code null} when something was in transition and the caller waited. */
  private @Nullable Resolution attempt(RxContextImpl ctx, CanonicalName name, ConnectionId id) {
    VNetRootImpl hit;
    try (LockScope shared = engine.device.netNameLock().sharedScope()) {
      hit = lookupView(name.name(), id);
    }
    if (hit != null) {
      return useView(ctx, hit, name);
    }
    RxNode waitFor = null;
    Construction construction = null;
    VNetRootImpl built = null;
    NtStatus failure = null;
    // Step 3: the upgrade idiom (§3.3): exclusive, then look again.
    try (LockScope exclusive = engine.device.netNameLock().exclusiveScope()) {
      hit = lookupView(name.name(), id);
      if (hit == null) {
        String serverRelative = name.serverRelativeName();
        @Nullable PrefixEntry<RxNode> entry =
            engine.device.prefixTable().lookupEntry(serverRelative, id);
        @Nullable RxNode found = entry == null ? null : entry.container();
        if (found instanceof NetRootImpl netRoot) {
          Condition c = netRoot.condition.get();
          if (c == Condition.IN_TRANSITION) {
            engine.references.reference(netRoot);
            waitFor = netRoot;
          } else if (c == Condition.GOOD && netRoot.rawSrvCall().condition.get() == Condition.GOOD) {
            // "Connection active": a new view on the existing NET_ROOT, then step 3(c).
            built = newView(ctx, netRoot, name.localPrefix(), id);
            construction = new VNetRootConstruction(engine, built, false, ctx);
          } else {
            failure = NtStatus.BAD_NETWORK_PATH;
          }
        } else if (found instanceof SrvCallImpl srvCall) {
          Condition c = srvCall.condition.get();
          if (c == Condition.IN_TRANSITION) {
            engine.references.reference(srvCall);
            waitFor = srvCall;
          } else if (c != Condition.GOOD) {
            // Negative caching (§9 pitfall 18): the stored construction status, until scavenged.
            failure = srvCall.status().isSuccess() ? NtStatus.BAD_NETWORK_PATH : srvCall.status();
          } else {
            built = newNetRootAndView(ctx, srvCall, serverRelative, name.localPrefix(), id);
            construction = new VNetRootConstruction(engine, built, true, ctx);
          }
        } else {
          // Step 3(a): no SRV_CALL yet.
          SrvCallImpl srvCall =
              (SrvCallImpl) rdbss.createSrvCall(ctx, serverOf(serverRelative), null, id);
          construction = new SrvCallConstruction(engine, srvCall, ctx);
          waitFor = srvCall; // with the creation reference
        }
      }
    }
    if (hit != null) {
      return useView(ctx, hit, name);
    }
    if (construction != null) {
      construction.start();
    }
    if (failure != null) {
      return Resolution.failed(failure);
    }
    if (waitFor != null) {
      boolean waited = awaitStable(waitFor);
      engine.references.dereference(waitFor, LockHoldingState.NOT_HELD);
      return waited ? null : Resolution.failed(NtStatus.CANCELLED);
    }
    return useView(ctx, java.util.Objects.requireNonNull(built), name);
  }

  /** Step 2 and step 4 for a view found (or just built): match it, wait until it is stable. */
  private Resolution useView(RxContextImpl ctx, VNetRootImpl view, CanonicalName name) {
    if (conflicts(ctx, view)) {
      drop(view);
      return Resolution.failed(NtStatus.NETWORK_CREDENTIAL_CONFLICT);
    }
    if (!awaitStable(view)) {
      engine.references.dereference(view, LockHoldingState.NOT_HELD);
      return Resolution.failed(NtStatus.CANCELLED);
    }
    if (view.condition.get() != Condition.GOOD) {
      // The status its construction combined (§6.3 step 3(c)), for the caller that built it or
      // waited for it.
      NtStatus why = view.constructionStatus();
      drop(view);
      return Resolution.failed(why.isSuccess() ? NtStatus.BAD_NETWORK_PATH : why);
    }
    if (view.rawNetRoot().condition.get() == Condition.BAD) {
      drop(view); // a Good view on a NET_ROOT that went Bad since (§6.3 step 2)
      return Resolution.failed(NtStatus.BAD_NETWORK_PATH);
    }
    String rest = name.name().length() > view.rawName().length()
        ? name.name().substring(view.rawName().length())
        : "";
    return new Resolution(NtStatus.SUCCESS, view, rest);
  }

  /**
   * §6.3 step 2: a view matches when explicit credentials, if the caller gave some, are the ones
   * the view was made with (the logon is part of the view's name).
   */
  private static boolean conflicts(RxContextImpl ctx, VNetRootImpl view) {
    Credentials mine = ctx.credentials();
    if (!ctx.hasExplicitCredentials() || mine == null) {
      return false;
    }
    Credentials theirs = view.credentials();
    return !mine.qualifiedUserName().equalsIgnoreCase(theirs.qualifiedUserName());
  }

  /** Drops the caller's reference on a view it will not use, under the lock (§6.3 step 4). */
  private void drop(VNetRootImpl view) {
    try (LockScope exclusive = engine.device.netNameLock().exclusiveScope()) {
      engine.references.dereference(view, LockHoldingState.EXCLUSIVE);
    }
  }

  /** A V_NET_ROOT whose key prefixes {@code canonical}, referenced; the lock is held. */
  private @Nullable VNetRootImpl lookupView(String canonical, ConnectionId id) {
    @Nullable PrefixEntry<RxNode> entry = engine.device.prefixTable().lookupEntry(canonical, id);
    if (entry != null && entry.container() instanceof VNetRootImpl view) {
      engine.references.reference(view);
      return view;
    }
    return null;
  }

  /** Step 3(b): {@code MRxExtractNetRootName}, {@code RxCreateNetRoot}, then a view on it. */
  private VNetRootImpl newNetRootAndView(
      RxContextImpl ctx, SrvCallImpl srvCall, String serverRelative, String localPrefix,
      ConnectionId id) {
    String afterServer = serverRelative.substring(srvCall.rawName().length());
    NetRootName split =
        engine.callbacks.get(
            "extractNetRootName",
            srvCall,
            () -> engine.device.miniRedirector().extractNetRootName(afterServer, srvCall));
    NetRootImpl netRoot =
        (NetRootImpl)
            rdbss.createNetRoot(srvCall, srvCall.rawName() + split.netRootName(), Set.of(), id);
    if (isPipeShare(split.netRootName())) {
      netRoot.setType(NetRootType.PIPE);
    }
    netRoot.condition.enterTransition();
    VNetRootImpl view = newView(ctx, netRoot, localPrefix, id);
    engine.references.dereference(netRoot, LockHoldingState.EXCLUSIVE); // the view holds it now
    return view;
  }

  /** {@code RxCreateVNetRoot} for the caller's local prefix; InTransition, referenced. */
  private VNetRootImpl newView(
      RxContextImpl ctx, NetRootImpl netRoot, String localPrefix, ConnectionId id) {
    VNetRootImpl view =
        (VNetRootImpl)
            rdbss.createVNetRoot(
                ctx, netRoot, localPrefix + netRoot.rawName(), localPrefix, "", id);
    view.condition.enterTransition();
    return view;
  }

  /**
   * Whether the share part names the pipe namespace: {@code \IPC$} (where a DFS client probes a
   * server, §9 pitfall 3) or {@code \PIPE}. RDBSS creates such a NET_ROOT typed PIPE, so the
   * mini-redirector sees the type in {@code createVNetRoot}; every other NET_ROOT starts WILD and the
   * mini-redirector types it.
   */
  static boolean isPipeShare(String netRootName) {
    return netRootName.equalsIgnoreCase("\\IPC$") || netRootName.equalsIgnoreCase("\\PIPE");
  }

  /** {@code \server} of {@code \server\share\…}. */
  private static String serverOf(String serverRelative) {
    int next = serverRelative.indexOf('\\', 1);
    return next < 0 ? serverRelative : serverRelative.substring(0, next);
  }

  /**
   * Waits until {@code node}'s condition is stable (§1.3).
   *
   * @return false when the waiting thread was interrupted: the caller went away (§9 pitfall 4)
   */
  private static boolean awaitStable(RxNode node) {
    BlockCondition condition = conditionOf(node);
    try {
      condition.awaitStable();
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static BlockCondition conditionOf(RxNode node) {
    if (node instanceof SrvCallImpl s) {
      return s.condition;
    }
    if (node instanceof NetRootImpl n) {
      return n.condition;
    }
    if (node instanceof VNetRootImpl v) {
      return v.condition;
    }
    throw new IllegalArgumentException("no connection condition on " + node);
  }
}
