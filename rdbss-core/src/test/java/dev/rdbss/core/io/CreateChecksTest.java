package dev.rdbss.core.io;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rdbss.api.ConnectionFinalizeLevel;
import dev.rdbss.api.NetRootFlag;
import dev.rdbss.api.NodeType;
import dev.rdbss.api.NtStatus;
import dev.rdbss.api.file.CreateInformation;
import dev.rdbss.api.file.DfsContext;
import dev.rdbss.api.file.FileInformation;
import dev.rdbss.api.file.FileInformationClass;
import dev.rdbss.api.io.CreateRequest;
import dev.rdbss.api.io.FileHandle;
import dev.rdbss.api.io.IoSession;
import dev.rdbss.api.io.OpenResult;
import dev.rdbss.api.observe.ObjectNode;
import dev.rdbss.core.memory.MemoryHost;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Steps 1 and 2 of a file create (spec §6.4), which run before the FCB table: the DFS checks and
 * the open-target-directory create a rename uses, through the host API against the in-memory
 * mini-redirector. The third status step 1 lists, BAD_NETWORK_PATH for a NET_ROOT of another
 * device, cannot arise here: each device has its own netname table (§3.1), so a create only ever
 * resolves its own device's views.
 */
class CreateChecksTest {

  private static final String README = "\\\\files\\docs\\readme.txt";
  private static final String NEW_IN_SUB = "\\\\files\\docs\\sub\\new.txt";

  private final MemoryHost host = new MemoryHost();
  private final IoSession alice = host.logon("alice");

  @AfterEach
  void closeChecksForLeaks() {
    host.close();
  }

  private long creates() {
    return host.mrx.count("create");
  }

  private List<ObjectNode> nodes(NodeType type) {
    return host.runtime().observation().snapshot().nodes(type).toList();
  }

  // ------------------------------------------------------------------------------ step 1: DFS

  @Test
  void aDfsOpenOfAServerWithoutDfsIsDfsUnavailable_s6_4_step1() {
    OpenResult r = alice.tryOpen(README, CreateRequest.read().dfs(DfsContext.DFS_OPEN));

    assertThat(r.status()).isEqualTo(NtStatus.DFS_UNAVAILABLE);
    assertThat(creates()).as("refused before MRxCreate").isZero();
    assertThat(nodes(NodeType.FCB)).as("and before the FCB table").isEmpty();
  }

  @Test
  void aDfsOpenOfADfsAwareServerOpensAndMarksTheFobx_s6_4_step1() {
    host.mrx.dfsAwareServer("files");

    try (FileHandle f = alice.open(README, CreateRequest.read().dfs(DfsContext.DFS_OPEN));
        FileHandle plain = alice.open(README, CreateRequest.read())) {
      assertThat(f.read(0, 5).data()).isEqualTo(MemoryHost.bytes("hello"));
      assertThat(nodes(NodeType.FOBX)).extracting(n -> n.flags().contains("DFS_OPEN"))
          .as("only the DFS open's FOBX is DFS_OPEN").containsExactlyInAnyOrder(true, false);
    }
  }

  @Test
  void aDownLevelDfsOpenOfADfsRootIsObjectTypeMismatch_s6_4_step1() {
    host.mrx.dfsAwareServer("files");
    host.mrx.netRootFlags("files", "docs", NetRootFlag.DFS_AWARE_NETROOT);

    OpenResult r = alice.tryOpen(README, CreateRequest.read().dfs(DfsContext.DOWNLEVEL_OPEN));

    assertThat(r.status()).isEqualTo(NtStatus.OBJECT_TYPE_MISMATCH);
    assertThat(creates()).isZero();
    try (FileHandle referral = alice.open(README, CreateRequest.read().dfs(DfsContext.DFS_OPEN))) {
      assertThat(referral.createInformation()).as("the referral's open passes")
          .isEqualTo(CreateInformation.OPENED);
    }
  }

  @Test
  void aDownLevelDfsOpenOfAPlainShareOpens_s6_4_step1() {
    try (FileHandle f = alice.open(README, CreateRequest.read().dfs(DfsContext.DOWNLEVEL_OPEN))) {
      assertThat(f.read(0, 5).status()).isEqualTo(NtStatus.SUCCESS);
      assertThat(nodes(NodeType.FOBX)).allMatch(n -> !n.flags().contains("DFS_OPEN"));
    }
  }

  // ---------------------------------------------------------- step 2: open target directory

  @Test
  void aTargetDirectoryOpenWithoutSymbolicLinksGetsAFakeFcbOutsideTheTable_s6_4_step2() {
    FileHandle target = alice.open(README, CreateRequest.write().openTargetDirectory());

    assertThat(creates()).as("RDBSS answers it alone").isZero();
    List<ObjectNode> fcbs = nodes(NodeType.FCB);
    assertThat(fcbs).singleElement().satisfies(n -> assertThat(n.flags())
        .contains("FAKEFCB", "NAME_ALREADY_REMOVED"));

    try (FileHandle real = alice.open(README, CreateRequest.read())) {
      assertThat(creates()).as("an open of the same name does not find the fake FCB").isOne();
      assertThat(nodes(NodeType.FCB)).hasSize(2);
      assertThat(real.read(0, 5).data()).isEqualTo(MemoryHost.bytes("hello"));
    }

    assertThat(target.read(0, 1).status()).as("a rename target, not a file")
        .isEqualTo(NtStatus.INVALID_DEVICE_REQUEST);
    assertThat(target.write(0, new byte[] {1}).status())
        .isEqualTo(NtStatus.INVALID_DEVICE_REQUEST);
    assertThat(target.queryInformation(FileInformationClass.STANDARD,
        FileInformation.Standard.class).status()).isEqualTo(NtStatus.INVALID_DEVICE_REQUEST);

    long deallocations = host.mrx.count("deallocateForFcb");
    target.close();
    assertThat(nodes(NodeType.FCB)).as("the fake FCB goes with its handle").isEmpty();
    assertThat(host.mrx.count("deallocateForFcb")).isEqualTo(deallocations + 1);
  }

  @Test
  void aTargetDirectoryOpenWithSymbolicLinksOpensTheParentThroughMrxCreate_s6_4_step2() {
    host.mrx.netRootFlags("files", "docs", NetRootFlag.SUPPORTS_SYMBOLIC_LINKS);

    try (FileHandle absent = alice.open(NEW_IN_SUB, CreateRequest.write().openTargetDirectory())) {
      assertThat(creates()).isOne();
      assertThat(absent.createInformation()).isEqualTo(CreateInformation.DOES_NOT_EXIST);
      assertThat(nodes(NodeType.FCB)).singleElement()
          .satisfies(n -> assertThat(n.flags()).doesNotContain("FAKEFCB"));
    }
    try (FileHandle existing = alice.open(README, CreateRequest.write().openTargetDirectory())) {
      assertThat(existing.createInformation()).isEqualTo(CreateInformation.EXISTS);
    }
    OpenResult noParent =
        alice.tryOpen("\\\\files\\docs\\none\\x.txt", CreateRequest.write().openTargetDirectory());
    assertThat(noParent.status()).isEqualTo(NtStatus.OBJECT_PATH_NOT_FOUND);
  }

  @Test
  void aFakeFcbOutlivesAForcedDeletionOfItsConnectionAndGoesWithItsHandle_s6_4_step2_s4_3() {
    assertThat(alice.netUse("X:", "\\\\files\\docs")).isEqualTo(NtStatus.SUCCESS);
    FileHandle target = alice.open("X:\\readme.txt", CreateRequest.write().openTargetDirectory());

    assertThat(alice.netUseDelete("X:", ConnectionFinalizeLevel.FORCE_FILES_CLOSED))
        .as("a rename target is no open file").isEqualTo(NtStatus.SUCCESS);
    assertThat(target.read(0, 1).status()).isEqualTo(NtStatus.INVALID_DEVICE_REQUEST);

    target.close();
    assertThat(nodes(NodeType.FCB)).isEmpty();
  }
}
