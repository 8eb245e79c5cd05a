package dev.rdbss.core.engine;

import static dev.rdbss.core.engine.EngineFixture.logon;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rdbss.api.LogonId;
import dev.rdbss.api.NtStatus;
import dev.rdbss.api.object.Fobx;
import dev.rdbss.api.spi.MajorFunction;
import java.lang.reflect.Proxy;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The RX_CONTEXT a mini-redirector receives (spec §5.2): only the part that matches the request is
 * present, the four MRxContext slots, cancellation through the plugin's cancel routine, and the
 * FOBX slot that only takes objects RDBSS made.
 */
class RxContextTest {

  private final EngineFixture f = new EngineFixture();

  @AfterEach
  void shutDown() {
    f.close();
  }

  @Test
  void aRequestCarriesOnlyThePartOfItsKind_s5_2() {
    RxContextImpl ctx = RxContextImpl.internal(f.device, MajorFunction.CLEANUP);
    assertThat(ctx.majorFunction()).isEqualTo(MajorFunction.CLEANUP);
    assertThat(ctx.logonId()).as("RDBSS's own requests run as the system").isEqualTo(LogonId.SYSTEM);
    assertThat(ctx.isSynchronous()).isTrue();
    assertThat(ctx.toString()).contains("CLEANUP", "3e7");
    assertThatThrownBy(ctx::create)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("no create part: it is a CLEANUP request");
    assertThatThrownBy(ctx::lowIo).hasMessageContaining("no low I/O part");
    assertThatThrownBy(ctx::info).hasMessageContaining("no information part");
    assertThatThrownBy(ctx::control).hasMessageContaining("no control part");
  }

  @Test
  void theMrxContextHasFourSlots_s5_2() {
    RxContextImpl ctx = f.userContext(logon(1));
    for (int slot = 0; slot < 4; slot++) {
      ctx.setMrxContext(slot, "value " + slot);
    }
    assertThat(ctx.mrxContext(3)).isEqualTo("value 3");
    assertThatThrownBy(() -> ctx.mrxContext(4))
        .isInstanceOf(IndexOutOfBoundsException.class)
        .hasMessageContaining("four slots, 0 to 3");
    assertThatThrownBy(() -> ctx.setMrxContext(-1, "x"))
        .isInstanceOf(IndexOutOfBoundsException.class);
  }

  @Test
  void cancellingRunsThePluginsCancelRoutineOnce_s5_2() {
    RxContextImpl ctx = f.userContext(logon(1));
    AtomicInteger runs = new AtomicInteger();
    ctx.setCancelRoutine(runs::incrementAndGet);
    assertThat(ctx.isCancelled()).isFalse();
    ctx.cancel();
    ctx.cancel();
    assertThat(ctx.isCancelled()).isTrue();
    assertThat(runs).hasValue(1);

    RxContextImpl cleared = f.userContext(logon(1));
    cleared.setCancelRoutine(runs::incrementAndGet);
    cleared.setCancelRoutine(null);
    cleared.cancel();
    assertThat(runs).as("a cleared routine is not run").hasValue(1);
  }

  @Test
  void theFobxSlotTakesOnlyAFobxRdbssMade_s5_2() {
    VNetRootImpl view = f.connect(logon(1), "\\srv", "\\share");
    FobxImpl fobx = f.open(view, "\\a.txt");
    RxContextImpl ctx = f.userContext(logon(1));
    ctx.setFobx(fobx);
    assertThat(ctx.fobx()).isSameAs(fobx);
    Fobx foreign =
        (Fobx)
            Proxy.newProxyInstance(
                Fobx.class.getClassLoader(),
                new Class<?>[] {Fobx.class},
                (proxy, method, args) -> "a plugin-made FOBX");
    assertThatThrownBy(() -> ctx.setFobx(foreign))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("did not create");
  }

  @Test
  void whatThePluginReportsStaysInTheContext_s5_2() {
    RxContextImpl ctx = f.userContext(logon(1));
    assertThat(ctx.ioStatus()).isEqualTo(NtStatus.SUCCESS);
    ctx.setIoStatus(NtStatus.END_OF_FILE);
    ctx.setInformation(42);
    ctx.setPostRequest(true);
    assertThat(ctx.ioStatus()).isEqualTo(NtStatus.END_OF_FILE);
    assertThat(ctx.information()).isEqualTo(42);
    assertThat(ctx.postRequest()).isTrue();
  }
}
