package dev.rdbss.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rdbss.api.LogonId;
import dev.rdbss.api.NetRootType;
import dev.rdbss.api.NodeType;
import dev.rdbss.api.NtStatus;
import dev.rdbss.api.io.CreateRequest;
import dev.rdbss.core.memory.MemoryMiniRedirector;
import dev.rdbss.core.memory.MemoryMiniRedirector.Collapsing;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The rules of a file create around steps 3–6 (spec §6.4 steps 1 and 7): print shares force full
 * sharing; a sharing violation on FILE_CREATE is a name collision; one retry after scavenging the
 * NET_ROOT when another view's SRV_OPEN of the FCB was seen; RETRY re-runs the create with a fresh
 * context; REPARSE gives no handle.
 */
class CreateDispatchRulesTest {

  private static final String FILE = "\\\\files\\docs\\readme.txt";
  private static final LogonId ALICE = FsdFixture.logon(0x101);
  private static final LogonId BOB = FsdFixture.logon(0x202);

  private final MemoryMiniRedirector mrx = new MemoryMiniRedirector();
  private final FsdFixture f;

  CreateDispatchRulesTest() {
    mrx.share("files", "docs")
        .file("\\readme.txt", "hello".getBytes(StandardCharsets.UTF_8))
        .file("\\other.txt", "other".getBytes(StandardCharsets.UTF_8));
    mrx.shareType("files", "printer", NetRootType.PRINT);
    mrx.share("files", "printer").file("\\job.prn", new byte[0]);
    f = new FsdFixture(mrx);
  }

  @AfterEach
  void noLeak() {
    f.close();
  }

  private boolean traced(String name) {
    return f.engine.device.tracer().recent(100_000).stream().anyMatch(e -> e.name().equals(name));
  }

  @Test
  void aPrintShareForcesFullSharing_s6_4_step1() {
    f.open("\\\\files\\printer\\job.prn", CreateRequest.write(), ALICE); // shares nothing
    f.open("\\\\files\\printer\\job.prn", CreateRequest.write(), ALICE); // would conflict on disk
    f.open(FILE, CreateRequest.write(), ALICE);
    assertThat(f.create(FILE, CreateRequest.write(), ALICE).status())
        .as("a disk share does not").isEqualTo(NtStatus.SHARING_VIOLATION);
  }

  @Test
  void aSharingViolationOnFileCreateIsANameCollision_s6_4_step7() {
    f.open(FILE, CreateRequest.write(), ALICE);
    assertThat(f.create(FILE, CreateRequest.readWrite().create(), ALICE).status())
        .isEqualTo(NtStatus.OBJECT_NAME_COLLISION);
    assertThat(f.create(FILE, CreateRequest.readWrite().openIf(), ALICE).status())
        .isEqualTo(NtStatus.SHARING_VIOLATION);
  }

  @Test
  void aSharingViolationAfterAnotherViewsSrvOpenIsRetriedOnceAfterScavengingTheNetRoot_s6_4_step7() {
    mrx.collapsing(Collapsing.CHECKED);
    f.open(FILE, CreateRequest.read(), ALICE);
    // Bob has a delayed close elsewhere on the share, which the server says is in the way.
    FileObject bobsOther = f.open("\\\\files\\docs\\other.txt", CreateRequest.read(), BOB);
    f.delayedClose(bobsOther);
    mrx.failCreates("\\readme.txt", NtStatus.SHARING_VIOLATION);
    long creates = mrx.count("create");

    Fsd.CreateOutcome bobs = f.create(FILE, CreateRequest.read(), BOB);

    assertThat(bobs.status()).isEqualTo(NtStatus.SUCCESS);
    assertThat(mrx.count("create") - creates).as("one failed create, one retry").isEqualTo(2);
    assertThat(mrx.count("closeSrvOpen")).as("Bob's delayed close finished").isEqualTo(1);
    assertThat(traced("scavengeFobxsForNetRoot")).isTrue();
    f.close(java.util.Objects.requireNonNull(bobs.fileObject()));
  }

  @Test
  void theSharingViolationRetryHappensOnlyOnce_s6_4_step7() {
    mrx.collapsing(Collapsing.CHECKED);
    f.open(FILE, CreateRequest.read(), ALICE);
    mrx.failCreates("\\readme.txt", NtStatus.SHARING_VIOLATION, NtStatus.SHARING_VIOLATION,
        NtStatus.SHARING_VIOLATION);
    long creates = mrx.count("create");

    assertThat(f.create(FILE, CreateRequest.read(), BOB).status())
        .isEqualTo(NtStatus.SHARING_VIOLATION);
    assertThat(mrx.count("create") - creates).isEqualTo(2);
  }

  @Test
  void withoutAnotherViewsSrvOpenASharingViolationIsNotRetried_s6_4_step7() {
    mrx.collapsing(Collapsing.CHECKED);
    f.open(FILE, CreateRequest.read().shareAll(), ALICE);
    mrx.failCreates("\\readme.txt", NtStatus.SHARING_VIOLATION);
    long creates = mrx.count("create");

    assertThat(f.create(FILE, CreateRequest.readWrite().shareAll(), ALICE).status())
        .isEqualTo(NtStatus.SHARING_VIOLATION);
    assertThat(mrx.count("create") - creates).isEqualTo(1);
    assertThat(traced("scavengeFobxsForNetRoot")).isFalse();
    assertThat(traced("scavengeFobxsForNetRootFoundNone")).isFalse();
  }

  @Test
  void retryRerunsTheWholeCreateWithAFreshContext_s6_4_step7() {
    mrx.failCreates("\\readme.txt", NtStatus.RETRY);

    FileObject fo = f.open(FILE, CreateRequest.read(), ALICE);

    assertThat(mrx.count("create")).isEqualTo(2);
    assertThat(fo.createInformation()).isEqualTo(dev.rdbss.api.file.CreateInformation.OPENED);
    assertThat(f.nodes(NodeType.SRV_OPEN)).as("the failed attempt's SRV_OPEN is gone").hasSize(1);
    assertThat(f.nodes(NodeType.FOBX)).hasSize(1);
  }

  @Test
  void aCreateThatKeepsAnsweringRetryEndsWithRetry_s6_4_step7() {
    mrx.failCreates("\\readme.txt", NtStatus.RETRY, NtStatus.RETRY, NtStatus.RETRY,
        NtStatus.RETRY, NtStatus.RETRY);
    assertThat(f.create(FILE, CreateRequest.read(), ALICE).status()).isEqualTo(NtStatus.RETRY);
    assertThat(mrx.count("create")).isEqualTo(4);
  }

  @Test
  void reparseGivesNoHandleAndZeroInformation_s6_4_step7() {
    mrx.failCreates("\\readme.txt", NtStatus.REPARSE);

    Fsd.CreateOutcome outcome = f.create(FILE, CreateRequest.read(), ALICE);

    assertThat(outcome.status()).isEqualTo(NtStatus.REPARSE);
    assertThat(outcome.fileObject()).isNull();
    assertThat(f.nodes(NodeType.SRV_OPEN)).isEmpty();
  }
}
