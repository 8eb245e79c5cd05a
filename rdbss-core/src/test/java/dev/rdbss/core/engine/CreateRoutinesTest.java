package dev.rdbss.core.engine;

import static dev.rdbss.core.engine.BugCheckAssertions.assertBugCheck;
import static dev.rdbss.core.engine.EngineFixture.logon;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rdbss.api.BugCheckCode;
import dev.rdbss.api.Condition;
import dev.rdbss.api.ConnectionId;
import dev.rdbss.api.Credentials;
import dev.rdbss.api.FcbState;
import dev.rdbss.api.FobxFlag;
import dev.rdbss.api.LockHoldingState;
import dev.rdbss.api.NetRootFlag;
import dev.rdbss.api.NetRootType;
import dev.rdbss.api.NodeType;
import dev.rdbss.api.NtStatus;
import dev.rdbss.api.SrvOpenFlag;
import dev.rdbss.api.StorageType;
import dev.rdbss.api.file.CreateDisposition;
import dev.rdbss.api.file.CreateInformation;
import dev.rdbss.api.file.CreateOption;
import dev.rdbss.api.file.NtCreateParameters;
import dev.rdbss.api.object.Fcb;
import dev.rdbss.api.object.FcbInitPacket;
import dev.rdbss.api.object.NetRoot;
import dev.rdbss.api.object.SrvCall;
import dev.rdbss.api.object.VNetRoot;
import dev.rdbss.api.spi.CreateContext;
import dev.rdbss.api.spi.LockScope;
import dev.rdbss.api.spi.MajorFunction;
import dev.rdbss.api.spi.MiniRedirectorDescriptor;
import dev.rdbss.api.spi.RxContext;
import java.lang.reflect.Proxy;
import java.time.Instant;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The create routines and the two §11 setters called during a create, on their success paths and
 * their routine-specific rules (spec §1.1, §1.2, §3.1, §6.3, §6.4, §11). Lock and IRQL violations of
 * the same routines are in {@link ViolationsTest}.
 */
class CreateRoutinesTest {

  private static final Instant T1 = Instant.parse("2026-01-01T00:00:00Z");
  private static final Instant T2 = Instant.parse("2026-02-02T00:00:00Z");

  private final EngineFixture f = new EngineFixture();

  @AfterEach
  void shutDown() {
    f.close();
  }

  // ------------------------------------------------------------------------------ SRV_CALL

  @Test
  void createSrvCallInsertsTheServerReferencedAndInTransition_s6_3() {
    try (LockScope exclusive = f.rdbss.netNameTable().acquireExclusive()) {
      long version = f.rdbss.netNameTable().version();
      ConnectionId id = ConnectionId.of((byte) 7);
      SrvCall s = f.rdbss.createSrvCall(f.userContext(logon(1)), "\\srv", "\\inner", id);

      assertThat(s.name()).isEqualTo("\\srv");
      assertThat(s.innerNamePrefix()).isEqualTo("\\inner");
      assertThat(s.connectionId()).isEqualTo(id);
      assertThat(((SrvCallImpl) s).condition()).isEqualTo(Condition.IN_TRANSITION);
      assertThat(s.referenceCount()).as("the caller's and the table's (§2.2)").isEqualTo(2);
      assertThat(s.status()).as("pre-set until the plugin reports (§5.2)")
          .isEqualTo(NtStatus.BAD_NETWORK_PATH);
      assertThat(s.flags()).isEmpty();
      assertThat(s.domainName()).isNull();
      assertThat(s.context()).as("never a SRV_CALL extension (§1.2)").isNull();
      assertThat(s.numberOfCloseDelayedFiles()).isZero();
      assertThat(s.maximumNumberOfCloseDelayedFiles())
          .isEqualTo(f.device.descriptor().maximumNumberOfCloseDelayedFiles());
      assertThat(f.rdbss.netNameTable().version()).as("an insert bumps Version (§3.1)")
          .isGreaterThan(version);
      assertThat(f.rdbss.netNameTable().lookup("\\srv\\share\\x", id))
          .hasValueSatisfying(l -> {
            assertThat(l.entry()).isSameAs(s);
            assertThat(l.remainingName()).isEqualTo("\\share\\x");
          });
    }
  }

  @Test
  void createSrvCallForANameAlreadyInTheTableIsABugCheck_s3_1() {
    try (LockScope exclusive = f.rdbss.netNameTable().acquireExclusive()) {
      f.rdbss.createSrvCall(f.userContext(logon(1)), "\\srv", null, ConnectionId.NONE);
      assertBugCheck(
          () -> f.rdbss.createSrvCall(f.userContext(logon(1)), "\\SRV", null, ConnectionId.NONE),
          BugCheckCode.RDBSS_FILE_SYSTEM,
          "§3.1",
          "\\SRV is already in the netname table", "look it up instead");
    }
  }

  @Test
  void aSrvCallNameIsOneComponent_s3_1() {
    try (LockScope exclusive = f.rdbss.netNameTable().acquireExclusive()) {
      assertBugCheck(
          () -> f.rdbss.createSrvCall(
              f.userContext(logon(1)), "\\srv\\share", null, ConnectionId.NONE),
          BugCheckCode.DRIVER_VERIFIER_DETECTED_VIOLATION,
          "§3.1",
          "createSrvCall", "bad name", "one component");
    }
  }

  // ------------------------------------------------------------------------------ NET_ROOT

  @Test
  void createNetRootReferencesItsSrvCallAndStartsWithoutViews_s6_3_s2_2() {
    try (LockScope exclusive = f.rdbss.netNameTable().acquireExclusive()) {
      SrvCall s = f.rdbss.createSrvCall(f.userContext(logon(1)), "\\srv", null, ConnectionId.NONE);
      NetRoot n =
          f.rdbss.createNetRoot(
              s, "\\srv\\share", Set.of(NetRootFlag.SUPPORTS_SYMBOLIC_LINKS), ConnectionId.NONE);

      assertThat(n.name()).isEqualTo("\\srv\\share");
      assertThat(n.srvCall()).isSameAs(s);
      assertThat(s.referenceCount()).as("caller + table + the NET_ROOT").isEqualTo(3);
      assertThat(n.referenceCount()).as("caller + table").isEqualTo(2);
      assertThat(n.flags()).containsExactly(NetRootFlag.SUPPORTS_SYMBOLIC_LINKS);
      assertThat(n.miniRdrFlags()).isEqualTo(NetRootFlag.SUPPORTS_SYMBOLIC_LINKS.bit());
      assertThat(n.type()).as("until the plugin says (§1.4)").isEqualTo(NetRootType.WILD);
      assertThat(n.mrxNetRootState()).isZero();
      assertThat(n.numberOfVirtualNetRoots()).isZero();
      assertThat(n.defaultVNetRoot()).isNull();
      assertThat(n.vNetRoots()).isEmpty();
      assertThat(n.numberOfFcbs()).isZero();
      assertThat(n.numberOfSrvOpens()).isZero();
      assertThat(f.rdbss.netNameTable().lookupNetRoot("\\srv\\share")).containsSame(n);
    }
  }

  @Test
  void aNetRootWithAnEmptySharePartSharesItsSrvCallsKey_s3_1() {
    // nfs41 returns an empty share name, so the NET_ROOT key equals the SRV_CALL key.
    try (LockScope exclusive = f.rdbss.netNameTable().acquireExclusive()) {
      SrvCall s = f.rdbss.createSrvCall(f.userContext(logon(1)), "\\srv", null, ConnectionId.NONE);
      NetRoot n = f.rdbss.createNetRoot(s, "\\srv", Set.of(), ConnectionId.NONE);
      assertThat(f.rdbss.netNameTable().lookupSrvCall("\\srv")).containsSame(s);
      assertThat(f.rdbss.netNameTable().lookupNetRoot("\\srv")).containsSame(n);
    }
  }

  @Test
  void createNetRootWithAnRdbssPrivateFlagIsAViolation_s1_4() {
    try (LockScope exclusive = f.rdbss.netNameTable().acquireExclusive()) {
      SrvCall s = f.rdbss.createSrvCall(f.userContext(logon(1)), "\\srv", null, ConnectionId.NONE);
      assertBugCheck(
          () -> f.rdbss.createNetRoot(
              s, "\\srv\\share", Set.of(NetRootFlag.FINALIZATION_IN_PROGRESS), ConnectionId.NONE),
          BugCheckCode.DRIVER_VERIFIER_DETECTED_VIOLATION,
          "§1.4",
          "createNetRoot", "FINALIZATION_IN_PROGRESS", "RDBSS-private");
    }
  }

  @Test
  void aNetRootNameIsItsSrvCallsNamePlusTheShare_s3_1() {
    try (LockScope exclusive = f.rdbss.netNameTable().acquireExclusive()) {
      SrvCall s = f.rdbss.createSrvCall(f.userContext(logon(1)), "\\srv", null, ConnectionId.NONE);
      assertBugCheck(
          () -> f.rdbss.createNetRoot(s, "\\other\\share", Set.of(), ConnectionId.NONE),
          BugCheckCode.DRIVER_VERIFIER_DETECTED_VIOLATION,
          "§3.1",
          "createNetRoot", "\\srv\\share");
    }
  }

  // ---------------------------------------------------------------------------- V_NET_ROOT

  /** A SRV_CALL and NET_ROOT {@code \srv\share}, lock held by the caller. */
  private NetRoot share() {
    SrvCall s = f.rdbss.createSrvCall(f.userContext(logon(1)), "\\srv", null, ConnectionId.NONE);
    return f.rdbss.createNetRoot(s, "\\srv\\share", Set.of(), ConnectionId.NONE);
  }

  @Test
  void createVNetRootCapturesTheLogonTheDriveAndThePathAndBecomesTheDefaultView_s6_3_s3_1() {
    try (LockScope exclusive = f.rdbss.netNameTable().acquireExclusive()) {
      NetRoot n = share();
      RxContextImpl ctx = f.userContext(logon(5));
      VNetRoot v =
          f.rdbss.createVNetRoot(
              ctx, n, "\\;x:5\\srv\\share", "\\;x:5", "\\dir", ConnectionId.NONE);

      assertThat(v.netRoot()).isSameAs(n);
      assertThat(v.logonId()).isEqualTo(logon(5));
      assertThat(v.credentials().userName()).isEqualTo("user5");
      assertThat(v.hasExplicitCredentials()).isFalse();
      assertThat(v.localDrive()).as("\\;x: maps drive X:").contains("X:");
      assertThat(v.namePrefix()).isEqualTo("\\dir");
      assertThat(v.connectionId()).isEqualTo(ConnectionId.NONE);
      assertThat(v.flags()).isEmpty();
      assertThat(v.numberOfOpens()).isZero();
      assertThat(v.numberOfFobxs()).isZero();
      assertThat(v.constructionStatus()).isEqualTo(NtStatus.SUCCESS);
      assertThat(((VNetRootImpl) v).condition()).isEqualTo(Condition.UNINITIALIZED);
      assertThat(v.referenceCount()).as("caller + table").isEqualTo(2);
      assertThat(n.referenceCount()).as("caller + table + the view").isEqualTo(3);
      assertThat(n.defaultVNetRoot()).isSameAs(v);
      assertThat(n.vNetRoots()).containsExactly(v);

      VNetRoot unc =
          f.rdbss.createVNetRoot(
              f.userContext(logon(6)), n, "\\;:6\\srv\\share", "\\;:6", "", ConnectionId.NONE);
      assertThat(unc.localDrive()).as("a UNC view maps no drive").isEmpty();
      assertThat(n.numberOfVirtualNetRoots()).isEqualTo(2);
      assertThat(n.defaultVNetRoot()).as("the first view stays the default").isSameAs(v);
    }
  }

  @Test
  void explicitCredentialsOfTheRequestAreRemembered_s6_3() {
    RxContextImpl ctx =
        new RxContextImpl(
            MajorFunction.CREATE, logon(5), Credentials.of("bob", "pw".toCharArray()), true, true);
    try (LockScope exclusive = f.rdbss.netNameTable().acquireExclusive()) {
      VNetRoot v =
          f.rdbss.createVNetRoot(
              ctx, share(), "\\;:5\\srv\\share", "\\;:5", "", ConnectionId.NONE);
      assertThat(v.hasExplicitCredentials()).isTrue();
      assertThat(v.credentials().userName()).isEqualTo("bob");
    }
  }

  @Test
  void createVNetRootWithoutAUserRequestIsAViolation_s6_3() {
    try (LockScope exclusive = f.rdbss.netNameTable().acquireExclusive()) {
      NetRoot n = share();
      assertBugCheck(
          () -> f.rdbss.createVNetRoot(
              RxContextImpl.internal(f.device, MajorFunction.CREATE),
              n, "\\;:5\\srv\\share", "\\;:5", "", ConnectionId.NONE),
          BugCheckCode.DRIVER_VERIFIER_DETECTED_VIOLATION,
          "§6.3",
          "createVNetRoot", "user request");
    }
  }

  @Test
  void aContextNotMadeByRdbssIsAViolation_s5_2() {
    RxContext foreign =
        (RxContext)
            Proxy.newProxyInstance(
                RxContext.class.getClassLoader(),
                new Class<?>[] {RxContext.class},
                (proxy, method, args) -> {
                  if (method.getName().equals("toString")) {
                    return "a plugin-made context";
                  }
                  throw new UnsupportedOperationException(method.getName());
                });
    try (LockScope exclusive = f.rdbss.netNameTable().acquireExclusive()) {
      NetRoot n = share();
      assertBugCheck(
          () -> f.rdbss.createVNetRoot(
              foreign, n, "\\;:5\\srv\\share", "\\;:5", "", ConnectionId.NONE),
          BugCheckCode.DRIVER_VERIFIER_DETECTED_VIOLATION,
          "§5.2",
          "createVNetRoot", "a plugin-made context");
    }
  }

  @Test
  void aViewNameIsTheLocalPrefixFollowedByTheNetRootName_s3_1() {
    try (LockScope exclusive = f.rdbss.netNameTable().acquireExclusive()) {
      NetRoot n = share();
      assertBugCheck(
          () -> f.rdbss.createVNetRoot(
              f.userContext(logon(5)), n, "\\;:5\\srv\\other", "\\;:5", "", ConnectionId.NONE),
          BugCheckCode.DRIVER_VERIFIER_DETECTED_VIOLATION,
          "§3.1",
          "createVNetRoot", "local prefix");
    }
  }

  // ----------------------------------------------------------------------------------- FCB

  @Test
  void createNetFcbInsertsIntoTheFcbTableAndReferencesTheView_s6_4_step3() {
    VNetRootImpl view = f.connect(logon(1), "\\srv", "\\share");
    NetRootImpl netRoot = view.rawNetRoot();
    int viewCount = f.count(view);
    Fcb fcb;
    try (LockScope table = netRoot.fcbTable.lock.exclusiveScope()) {
      fcb = f.rdbss.createNetFcb(f.userContext(logon(1)), view, "\\dir\\a.txt");
      assertThat(netRoot.fcbTable.lookup("\\DIR\\A.TXT"))
          .as("the server declared case-insensitive file names (§3.2)")
          .containsSame((FcbImpl) fcb);
    }
    assertThat(fcb.name()).isEqualTo("\\srv\\share\\dir\\a.txt");
    assertThat(fcb.pathInShare()).isEqualTo("\\dir\\a.txt");
    assertThat(fcb.netRoot()).isSameAs(netRoot);
    assertThat(fcb.vNetRoot()).isSameAs(view);
    assertThat(fcb.referenceCount()).as("caller + FCB table").isEqualTo(2);
    assertThat(f.count(view)).as("the FCB references its view ([R])").isEqualTo(viewCount + 1);
    assertThat(netRoot.numberOfFcbs()).isEqualTo(1);
    assertThat(((FcbImpl) fcb).condition()).isEqualTo(Condition.UNINITIALIZED);
    assertThat(fcb.storageType()).isEqualTo(StorageType.UNKNOWN);
    assertThat(fcb.state()).isEmpty();
    assertThat(fcb.srvOpens()).isEmpty();
    assertThat(fcb.openCount()).isZero();
    assertThat(fcb.uncleanCount()).isZero();
    assertThat(fcb.uncachedUncleanCount()).isZero();
    assertThat(fcb.outstandingLockOperationsCount()).isZero();
  }

  @Test
  void fcbNamesAreCaseSensitiveUnlessTheServerSaysOtherwise_s3_2() {
    VNetRootImpl view;
    try (LockScope exclusive = f.rdbss.netNameTable().acquireExclusive()) {
      RxContextImpl ctx = f.userContext(logon(1));
      SrvCall s = f.rdbss.createSrvCall(ctx, "\\srv", null, ConnectionId.NONE);
      NetRoot n = f.rdbss.createNetRoot(s, "\\srv\\share", Set.of(), ConnectionId.NONE);
      view =
          (VNetRootImpl)
              f.rdbss.createVNetRoot(ctx, n, "\\;:1\\srv\\share", "\\;:1", "", ConnectionId.NONE);
    }
    FcbTable table = view.rawNetRoot().fcbTable;
    try (LockScope exclusive = table.lock.exclusiveScope()) {
      Fcb lower = f.rdbss.createNetFcb(f.userContext(logon(1)), view, "\\a.txt");
      Fcb upper = f.rdbss.createNetFcb(f.userContext(logon(1)), view, "\\A.TXT");
      assertThat(upper).isNotSameAs(lower);
      assertThat(table.lookup("\\a.txt")).containsSame((FcbImpl) lower);
      assertThat(table.lookup("\\A.TXT")).containsSame((FcbImpl) upper);
    }
  }

  /**
   * An FCB leaves its table under the key it was filed under (forced finalization removes one per
   * open file, §4.2, so the name is not folded again), even if the server's case sensitivity
   * changed in between: folding again would miss it and leave it resolvable by name.
   */
  @Test
  void anFcbLeavesTheTableUnderTheKeyItWasFiledUnder_s3_2() {
    VNetRootImpl view = f.connect(logon(1), "\\srv", "\\share");
    FcbTable table = view.rawNetRoot().fcbTable;
    try (LockScope exclusive = table.lock.exclusiveScope()) {
      FcbImpl fcb = (FcbImpl) f.rdbss.createNetFcb(f.userContext(logon(1)), view, "\\Mixed.txt");
      view.rawNetRoot().rawSrvCall().setCaseInsensitiveFileNames(false);

      assertThat(table.remove(fcb)).isTrue();
      assertThat(fcb.isInTable()).isFalse();
      assertThat(table.isEmpty()).isTrue();
      assertThat(table.remove(fcb)).as("a second remove finds nothing").isFalse();
    }
  }

  @Test
  void aSecondFcbForOneNameIsABugCheck_s6_4() {
    VNetRootImpl view = f.connect(logon(1), "\\srv", "\\share");
    try (LockScope table = view.rawNetRoot().fcbTable.lock.exclusiveScope()) {
      f.rdbss.createNetFcb(f.userContext(logon(1)), view, "\\a.txt");
      assertBugCheck(
          () -> f.rdbss.createNetFcb(f.userContext(logon(1)), view, "\\A.txt"),
          BugCheckCode.RDBSS_FILE_SYSTEM,
          "§6.4",
          "two FCBs", "\\srv\\share\\A.txt");
    }
  }

  @Test
  void anFcbNameIsAPathWithinTheShare_s3_1() {
    VNetRootImpl view = f.connect(logon(1), "\\srv", "\\share");
    try (LockScope table = view.rawNetRoot().fcbTable.lock.exclusiveScope()) {
      Fcb root = f.rdbss.createNetFcb(f.userContext(logon(1)), view, "");
      assertThat(root.name()).as("the share root").isEqualTo("\\srv\\share");
      assertBugCheck(
          () -> f.rdbss.createNetFcb(f.userContext(logon(1)), view, "a.txt"),
          BugCheckCode.DRIVER_VERIFIER_DETECTED_VIOLATION,
          "§3.1",
          "createNetFcb", "starting with a backslash");
    }
  }

  // ------------------------------------------------------------------------------ SRV_OPEN

  /** An FCB for {@code path}, with the caller's reference given back (the table's remains). */
  private FcbImpl idleFcb(VNetRootImpl view, String path) {
    try (LockScope table = view.rawNetRoot().fcbTable.lock.exclusiveScope()) {
      FcbImpl fcb = (FcbImpl) f.rdbss.createNetFcb(f.userContext(logon(1)), view, path);
      f.rdbss.dereferenceNetFcb(fcb);
      return fcb;
    }
  }

  @Test
  void createSrvOpenTakesTheFcbsEmbeddedSlotFirstAndReferencesFcbAndView_s6_4_s1_1() {
    VNetRootImpl view = f.connect(logon(1), "\\srv", "\\share");
    FcbImpl fcb = idleFcb(view, "\\a.txt");
    int viewCount = f.count(view);
    long listVersion = fcb.srvOpenListVersion();
    try (LockScope held = fcb.resource.exclusiveScope()) {
      SrvOpenImpl first = (SrvOpenImpl) f.rdbss.createSrvOpen(view, fcb);
      SrvOpenImpl second = (SrvOpenImpl) f.rdbss.createSrvOpen(view, fcb);

      assertThat(first.flags()).contains(SrvOpenFlag.ENCLOSED_ALLOCATED);
      assertThat(second.flags()).doesNotContain(SrvOpenFlag.ENCLOSED_ALLOCATED);
      assertThat(fcb.state()).contains(FcbState.SRVOPEN_USED);
      assertThat(fcb.srvOpens()).containsExactly(first, second);
      assertThat(fcb.srvOpenListVersion()).isEqualTo(listVersion + 2);
      assertThat(fcb.referenceCount()).as("table + two SRV_OPENs").isEqualTo(3);
      assertThat(f.count(view)).isEqualTo(viewCount + 2);
      assertThat(view.rawNetRoot().numberOfSrvOpens()).isEqualTo(2);
      assertThat(first.referenceCount()).as("its creation reference").isEqualTo(1);
      assertThat(first.fcb()).isSameAs(fcb);
      assertThat(first.vNetRoot()).isSameAs(view);
      assertThat(first.condition()).as("until MRxCreate answers (§1.3)")
          .isEqualTo(Condition.IN_TRANSITION);
      assertThat(first.openStatus()).isEqualTo(NtStatus.PENDING);
      assertThat(first.fobxs()).isEmpty();
      assertThat(first.key()).isNull();

      // Freeing the embedded one only clears the "used" flag; the next SRV_OPEN takes the slot.
      f.rdbss.dereference(first, LockHoldingState.EXCLUSIVE);
      assertThat(first.isFreed()).isTrue();
      assertThat(fcb.hasState(FcbState.SRVOPEN_USED)).isFalse();
      SrvOpenImpl third = (SrvOpenImpl) f.rdbss.createSrvOpen(view, fcb);
      assertThat(third.embeddedInFcb).isTrue();
    }
  }

  @Test
  void createSrvOpenWithAViewOfAnotherShareIsAViolation_s6_4() {
    VNetRootImpl view = f.connect(logon(1), "\\srv", "\\share");
    VNetRootImpl other = f.connect(logon(1), "\\srv", "\\other");
    FcbImpl fcb = idleFcb(view, "\\a.txt");
    try (LockScope held = fcb.resource.exclusiveScope()) {
      assertBugCheck(
          () -> f.rdbss.createSrvOpen(other, fcb),
          BugCheckCode.DRIVER_VERIFIER_DETECTED_VIOLATION,
          "§6.4",
          "createSrvOpen", "different shares");
    }
  }

  // ---------------------------------------------------------------------------------- FOBX

  /** The create part of a context, as the create path fills it. */
  private static final class Create implements CreateContext {
    private final NtCreateParameters parameters;
    private @Nullable CreateInformation information;

    Create(Set<CreateOption> options) {
      this.parameters =
          new NtCreateParameters(0x1, 0, Set.of(), Set.of(), CreateDisposition.OPEN_IF, options);
    }

    @Override
    public NtCreateParameters parameters() {
      return parameters;
    }

    @Override
    public String canonicalName() {
      return "\\;:1\\srv\\share\\a.txt";
    }

    @Override
    public String pathInShare() {
      return "\\a.txt";
    }

    @Override
    public @Nullable SrvCall srvCall() {
      return null;
    }

    @Override
    public @Nullable NetRoot netRoot() {
      return null;
    }

    @Override
    public @Nullable VNetRoot vNetRoot() {
      return null;
    }

    @Override
    public boolean isTreeConnectOpen() {
      return false;
    }

    @Override
    public void setReturnedCreateInformation(CreateInformation information) {
      this.information = information;
    }

    @Override
    public @Nullable CreateInformation returnedCreateInformation() {
      return information;
    }
  }

  @Test
  void aFobxTakesItsFlagsFromTheCreateAndCountsOnSrvOpenAndView_s11_s6_4_step6() {
    VNetRootImpl view = f.connect(logon(1), "\\srv", "\\share");
    FcbImpl fcb = idleFcb(view, "\\a.txt");
    RxContextImpl ctx = f.userContext(logon(1));
    ctx.setCreate(
        new Create(Set.of(CreateOption.DELETE_ON_CLOSE, CreateOption.OPEN_FOR_BACKUP_INTENT)));
    try (LockScope held = fcb.resource.exclusiveScope()) {
      SrvOpenImpl srvOpen = (SrvOpenImpl) f.rdbss.createSrvOpen(view, fcb);
      FobxImpl fobx = (FobxImpl) f.rdbss.createNetFobx(ctx, srvOpen);
      FobxImpl plain = (FobxImpl) f.rdbss.createNetFobx(f.userContext(logon(1)), srvOpen);

      assertThat(fobx.flags())
          .contains(FobxFlag.DELETE_ON_CLOSE, FobxFlag.BACKUP_INTENT, FobxFlag.ENCLOSED_ALLOCATED);
      assertThat(plain.flags()).doesNotContain(FobxFlag.DELETE_ON_CLOSE, FobxFlag.BACKUP_INTENT);
      assertThat(fobx.miniRdrFlags()).as("BACKUP_INTENT is a public bit")
          .isEqualTo(FobxFlag.BACKUP_INTENT.bit());
      assertThat(fobx.srvOpen()).isSameAs(srvOpen);
      assertThat(fobx.fcb()).isSameAs(fcb);
      assertThat(fobx.referenceCount()).isEqualTo(1);
      assertThat(srvOpen.referenceCount()).as("creation + two FOBXs").isEqualTo(3);
      assertThat(srvOpen.fobxs()).containsExactly(fobx, plain);
      assertThat(view.numberOfFobxs()).isEqualTo(2);
    }
  }

  @Test
  void createNetFobxOnASrvOpenBeingFinalizedIsAViolation_s11() {
    VNetRootImpl view = f.connect(logon(1), "\\srv", "\\share");
    FcbImpl fcb = idleFcb(view, "\\a.txt");
    try (LockScope held = fcb.resource.exclusiveScope()) {
      SrvOpenImpl srvOpen = (SrvOpenImpl) f.rdbss.createSrvOpen(view, fcb);
      assertThat(f.rdbss.finalizeSrvOpen(srvOpen, false, true)).isFalse();
      assertBugCheck(
          () -> f.rdbss.createNetFobx(f.userContext(logon(1)), srvOpen),
          BugCheckCode.DRIVER_VERIFIER_DETECTED_VIOLATION,
          "§11",
          "createNetFobx", "being finalized");
    }
  }

  // ---------------------------------------------------------------- finishFcbInitialization

  private static FcbInitPacket packet(int attributes, Instant t, long size) {
    return new FcbInitPacket(attributes, 2, t, t, t, t, size + 4096, size, size);
  }

  @Test
  void theInitPacketIsTakenOnlyOnceAndLaterOpensKeepTheCachedValues_s11() {
    VNetRootImpl view = f.connect(logon(1), "\\srv", "\\share");
    FcbImpl fcb = idleFcb(view, "\\a.txt");
    long sizeVersion = fcb.fileSizeVersion();

    f.rdbss.finishFcbInitialization(fcb, StorageType.FILE, packet(0x20, T1, 10));
    assertThat(fcb.storageType()).isEqualTo(StorageType.FILE);
    assertThat(fcb.state()).contains(FcbState.TIME_AND_SIZE_ALREADY_SET);
    assertThat(fcb.fileAttributes()).isEqualTo(0x20);
    assertThat(fcb.numberOfLinks()).isEqualTo(2);
    assertThat(fcb.creationTime()).isEqualTo(T1);
    assertThat(fcb.lastAccessTime()).isEqualTo(T1);
    assertThat(fcb.lastWriteTime()).isEqualTo(T1);
    assertThat(fcb.changeTime()).isEqualTo(T1);
    assertThat(fcb.allocationSize()).isEqualTo(4106);
    assertThat(fcb.fileSize()).isEqualTo(10);
    assertThat(fcb.validDataLength()).isEqualTo(10);
    assertThat(fcb.fileSizeVersion()).as("the size changed").isEqualTo(sizeVersion + 1);

    f.rdbss.finishFcbInitialization(fcb, StorageType.FILE, packet(0x80, T2, 99));
    assertThat(fcb.fileAttributes()).as("cached values are not overwritten").isEqualTo(0x20);
    assertThat(fcb.lastWriteTime()).isEqualTo(T1);
    assertThat(fcb.fileSize()).isEqualTo(10);
  }

  @Test
  void withoutAnInitPacketOnlyTheStorageTypeIsSetAndALaterPacketIsStillTaken_s11() {
    VNetRootImpl view = f.connect(logon(1), "\\srv", "\\share");
    FcbImpl fcb = idleFcb(view, "\\dir");
    f.rdbss.finishFcbInitialization(fcb, StorageType.DIRECTORY, null);
    assertThat(fcb.storageType()).isEqualTo(StorageType.DIRECTORY);
    assertThat(fcb.state()).doesNotContain(FcbState.TIME_AND_SIZE_ALREADY_SET);
    assertThat(fcb.lastWriteTime()).isEqualTo(Instant.EPOCH);

    f.rdbss.finishFcbInitialization(fcb, StorageType.DIRECTORY, packet(0x10, T2, 0));
    assertThat(fcb.fileAttributes()).isEqualTo(0x10);
    assertThat(fcb.state()).contains(FcbState.TIME_AND_SIZE_ALREADY_SET);
  }

  @Test
  void aMailslotWhoseTimesAndSizesWereSetHasThemZeroed_s11() {
    VNetRootImpl view = f.connect(logon(1), "\\srv", "\\share");
    FcbImpl fcb = idleFcb(view, "\\slot");
    f.rdbss.finishFcbInitialization(fcb, StorageType.FILE, packet(0x20, T1, 10));
    f.rdbss.finishFcbInitialization(fcb, StorageType.MAILSLOT, packet(0x20, T2, 20));
    assertThat(fcb.storageType()).isEqualTo(StorageType.MAILSLOT);
    assertThat(fcb.fileAttributes()).isZero();
    assertThat(fcb.numberOfLinks()).isZero();
    assertThat(fcb.creationTime()).isEqualTo(Instant.EPOCH);
    assertThat(fcb.lastWriteTime()).isEqualTo(Instant.EPOCH);
    assertThat(fcb.allocationSize()).isZero();
    assertThat(fcb.fileSize()).isZero();
    assertThat(fcb.validDataLength()).isZero();
  }

  // ------------------------------------------------------------------- setSrvCallDomainName

  @Test
  void theDomainNameIsReplacedAndNullOrEmptyClearsIt_s11() {
    VNetRootImpl view = f.connect(logon(1), "\\srv", "\\share");
    SrvCallImpl srvCall = view.rawNetRoot().rawSrvCall();
    assertThat(f.rdbss.setSrvCallDomainName(srvCall, "CORP")).isEqualTo(NtStatus.SUCCESS);
    assertThat(srvCall.domainName()).isEqualTo("CORP");
    f.rdbss.setSrvCallDomainName(srvCall, "LAB");
    assertThat(srvCall.domainName()).as("the previous name is released first").isEqualTo("LAB");
    assertThat(f.rdbss.setSrvCallDomainName(srvCall, "")).isEqualTo(NtStatus.SUCCESS);
    assertThat(srvCall.domainName()).isNull();
    f.rdbss.setSrvCallDomainName(srvCall, "CORP");
    assertThat(f.rdbss.setSrvCallDomainName(srvCall, null)).isEqualTo(NtStatus.SUCCESS);
    assertThat(srvCall.domainName()).isNull();
  }

  // ------------------------------------------------------------------------ extensions (§1.2)

  /** What a plugin's extension factory makes: which object type it was made for. */
  record Extension(NodeType type) {}

  @Test
  void everyObjectButTheSrvCallStartsWithItsExtensionAsContext_s1_2() {
    MiniRedirectorDescriptor.Builder b =
        MiniRedirectorDescriptor.builder("ext", "\\Device\\ExtRedirector");
    for (NodeType t :
        Set.of(NodeType.NET_ROOT, NodeType.V_NET_ROOT, NodeType.FCB, NodeType.SRV_OPEN,
            NodeType.FOBX)) {
      b.extension(t, () -> new Extension(t));
    }
    try (EngineFixture g = new EngineFixture(b.build())) {
      VNetRootImpl view = g.connect(logon(1), "\\srv", "\\share");
      FobxImpl fobx = g.open(view, "\\a.txt");
      SrvOpenImpl srvOpen = fobx.rawSrvOpen();
      assertThat(view.rawNetRoot().rawSrvCall().context())
          .as("set by the plugin's winner notification, never an extension")
          .isNull();
      assertThat(view.rawNetRoot().context()).isEqualTo(new Extension(NodeType.NET_ROOT));
      assertThat(view.context()).isEqualTo(new Extension(NodeType.V_NET_ROOT));
      assertThat(srvOpen.rawFcb().context()).isEqualTo(new Extension(NodeType.FCB));
      assertThat(srvOpen.context()).isEqualTo(new Extension(NodeType.SRV_OPEN));
      assertThat(fobx.context()).isEqualTo(new Extension(NodeType.FOBX));
      assertThat(fobx.context2()).as("Context2 is always the plugin's").isNull();
    }
    try (LockScope exclusive = f.rdbss.netNameTable().acquireExclusive()) {
      assertThat(share().context()).as("without the manage flag Context starts null").isNull();
    }
  }
}
