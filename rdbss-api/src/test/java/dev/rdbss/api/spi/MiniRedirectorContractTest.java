package dev.rdbss.api.spi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rdbss.api.NtStatus;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * The shape of the two SPI interfaces is fixed by ARCHITECTURE.md §3.1 and §3.2: every dispatch entry
 * and every routine is present under its Java name, exactly four entries are abstract, and the rest
 * answer NOT_IMPLEMENTED (a NULL entry in Windows, spec §5.2).
 */
class MiniRedirectorContractTest {

  /** The full list of ARCHITECTURE.md §3.2. */
  private static final Set<String> DISPATCH_ENTRIES =
      Set.of(
          "start", "stop", "cancel", "devFcbXxxControlFile", "createSrvCall", "cancelCreateSrvCall",
          "srvCallWinnerNotify", "extractNetRootName", "createVNetRoot", "updateNetRootState",
          "finalizeSrvCall", "finalizeNetRoot", "finalizeVNetRoot", "preparseName",
          "getConnectionId", "create", "shouldTryToCollapseThisOpen", "collapseOpen",
          "cleanupFobx", "closeSrvOpen", "forceClosed", "deallocateForFcb", "deallocateForFobx",
          "flush", "truncate", "zeroExtend", "extendForCache", "extendForNonCache",
          "isLockRealizable", "areFilesAliased", "isValidDirectory", "queryDirectory",
          "queryFileInfo", "setFileInfo", "setFileInfoAtCleanup", "queryVolumeInfo",
          "setVolumeInfo", "querySdInfo", "setSdInfo", "queryEaInfo", "setEaInfo",
          "queryQuotaInfo", "setQuotaInfo", "openPrintFile", "closePrintFile", "writePrintFile",
          "enumeratePrintQueue", "lowIoSubmit", "computeNewBufferingState",
          "completeBufferingStateChangeRequest");

  /** Entries whose result Windows ignores (ARCHITECTURE.md §3.2): {@code void} here. */
  private static final Set<String> VOID_ENTRIES =
      Set.of(
          "finalizeSrvCall", "finalizeNetRoot", "finalizeVNetRoot", "preparseName",
          "setFileInfoAtCleanup", "truncate", "zeroExtend", "completeBufferingStateChangeRequest");

  /** The routines of ARCHITECTURE.md §3.1. */
  private static final Set<String> ROUTINES =
      Set.of(
          "forceFinalizeAllVNetRoots", "finalizeVNetRoot", "finalizeNetRoot", "finalizeSrvCall",
          "finalizeNetFcb", "finalizeSrvOpen", "finalizeNetFobx", "finalizeConnection",
          "createSrvCall", "createNetRoot", "createVNetRoot", "createNetFcb", "createSrvOpen",
          "createNetFobx", "finishFcbInitialization", "reference", "dereference",
          "referenceNetFcb", "dereferenceNetFcb", "setSrvCallDomainName", "netNameTable",
          "raiseIrql", "startMinirdr", "stopMinirdr", "changeBufferingState",
          "indicateChangeOfBufferingState", "indicateChangeOfBufferingStateForSrvOpen",
          "lowIoCompletion", "scavengeAllFobxs", "purgeRelatedFobxs", "postToWorker");

  private static Set<String> names(Class<?> type) {
    return Arrays.stream(type.getDeclaredMethods())
        .filter(m -> !m.isSynthetic())
        .map(Method::getName)
        .collect(Collectors.toCollection(TreeSet::new));
  }

  @Test
  void everyDispatchEntryIsPresentAndNothingElse_s5_2() {
    assertThat(names(MiniRedirector.class)).containsExactlyInAnyOrderElementsOf(DISPATCH_ENTRIES);
  }

  @Test
  void exactlyTheFourIndispensableEntriesAreAbstract_s5_2() {
    List<String> abstractOnes =
        Arrays.stream(MiniRedirector.class.getDeclaredMethods())
            .filter(m -> Modifier.isAbstract(m.getModifiers()))
            .map(Method::getName)
            .sorted()
            .toList();
    assertThat(abstractOnes)
        .containsExactly("create", "createSrvCall", "createVNetRoot", "extractNetRootName");
  }

  @Test
  void entriesWhoseResultWindowsIgnoresReturnVoid_s5_2() {
    for (Method m : MiniRedirector.class.getDeclaredMethods()) {
      boolean isVoid = m.getReturnType() == void.class;
      assertThat(isVoid).as(m.getName()).isEqualTo(VOID_ENTRIES.contains(m.getName()));
    }
  }

  @Test
  void unimplementedEntriesAnswerNotImplementedLikeANullEntry_s5_2() throws Exception {
    MiniRedirector minimal = new MinimalRedirector();
    int checked = 0;
    for (Method m : MiniRedirector.class.getDeclaredMethods()) {
      if (!m.isDefault() || m.getReturnType() != NtStatus.class) {
        continue;
      }
      @Nullable Object[] args = new Object[m.getParameterCount()];
      for (int i = 0; i < args.length; i++) {
        Class<?> t = m.getParameterTypes()[i];
        args[i] = t == boolean.class ? false : t == long.class ? 0L : null;
      }
      assertThat(m.invoke(minimal, args)).as(m.getName()).isEqualTo(NtStatus.NOT_IMPLEMENTED);
      checked++;
    }
    assertThat(checked).isEqualTo(DISPATCH_ENTRIES.size() - VOID_ENTRIES.size() - 4);
  }

  @Test
  void everyRoutineOfTheSeeAlsoListIsOnRdbss_s3_1() {
    assertThat(names(Rdbss.class)).containsAll(ROUTINES);
  }

  private static final class MinimalRedirector implements MiniRedirector {
    @Override
    public NtStatus createSrvCall(
        dev.rdbss.api.object.SrvCall srvCall, SrvCallCallbackContext callback) {
      return NtStatus.PENDING;
    }

    @Override
    public NetRootName extractNetRootName(
        String serverRelativePath, dev.rdbss.api.object.SrvCall srvCall) {
      return NetRootName.firstComponent(serverRelativePath);
    }

    @Override
    public NtStatus createVNetRoot(CreateNetRootContext ctx) {
      return NtStatus.PENDING;
    }

    @Override
    public NtStatus create(RxContext ctx) {
      return NtStatus.NOT_IMPLEMENTED;
    }
  }
}
