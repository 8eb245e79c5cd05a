package dev.rdbss.core.io;

import static dev.rdbss.api.FcbState.FILESIZECACHEING;
import static dev.rdbss.api.FcbState.FILETIMECACHEING;
import static dev.rdbss.api.FcbState.READCACHING;
import static dev.rdbss.api.FcbState.WRITECACHING;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rdbss.api.NtStatus;
import dev.rdbss.api.file.FileInformation;
import dev.rdbss.api.file.FileInformationClass;
import dev.rdbss.api.io.CreateRequest;
import dev.rdbss.api.io.FileHandle;
import dev.rdbss.api.io.QueryResult;
import dev.rdbss.core.memory.MemoryMiniRedirector;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Sizes and times RDBSS answers from its own copy when the buffering state lets it (spec §7.1
 * "Effects", §9 pitfall 13), and the extend entries a write growing the file calls first (§5.2
 * {@code MRxExtendForCache} / {@code MRxExtendForNonCache}). Each test asserts on the trace which
 * callbacks ran.
 */
class LocalFileInformationTest extends BufferingFixture {

  private static final Set<String> QUERY_AND_EXTEND =
      Set.of("queryFileInfo", "extendForCache", "extendForNonCache", "lowIoSubmit[WRITE]");

  private static FileInformation.Standard standard(FileHandle f) {
    QueryResult<FileInformation.Standard> r =
        f.queryInformation(FileInformationClass.STANDARD, FileInformation.Standard.class);
    assertThat(r.status()).isEqualTo(NtStatus.SUCCESS);
    return java.util.Objects.requireNonNull(r.value());
  }

  private byte[] onServer() {
    return java.util.Objects.requireNonNull(mrx.share("files", "docs").content("\\readme.txt"));
  }

  @Test
  void aSizeQueryIsAnsweredFromTheFcbWithFileSizeCaching_s7_1() {
    mrx.grantBuffering(READCACHING, WRITECACHING, FILESIZECACHEING);
    try (FileHandle f = alice().open(README, CreateRequest.readWrite())) {
      f.write(5, bytes(", world"));
      long mark = mark();

      FileInformation.Standard info = standard(f);

      assertThat(info.endOfFile()).as("RDBSS's copy, grown by the buffered write").isEqualTo(12);
      assertThat(onServer()).as("the server has not seen the write yet").isEqualTo(bytes("hello"));
      assertThat(callbacksSince(mark)).as("answered locally").doesNotContain("queryFileInfo");
      assertThat(runtimeEventsSince(mark)).contains("queryAnsweredLocally");
    }
  }

  @Test
  void withoutFileSizeCachingASizeQueryGoesToTheMiniRedirector_s7_1() {
    mrx.grantBuffering(READCACHING, FILETIMECACHEING);
    try (FileHandle f = alice().open(README, CreateRequest.read())) {
      long mark = mark();

      assertThat(standard(f).endOfFile()).isEqualTo(5);

      assertThat(callbacksSince(mark)).containsExactly("queryFileInfo");
    }
  }

  @Test
  void aTimeQueryIsAnsweredLocallyOnlyWithFileTimeCaching_s7_1() {
    mrx.grantBuffering(READCACHING, FILESIZECACHEING);
    try (FileHandle f = alice().open(README, CreateRequest.read())) {
      long mark = mark();
      f.queryInformation(FileInformationClass.BASIC, FileInformation.Basic.class).value();
      f.queryInformation(FileInformationClass.NETWORK_OPEN, FileInformation.NetworkOpen.class);
      assertThat(callbacksSince(mark))
          .as("size caching alone answers neither times nor the network-open class")
          .containsExactly("queryFileInfo", "queryFileInfo");
    }
    mrx.grantBuffering(READCACHING, FILESIZECACHEING, FILETIMECACHEING);
    try (FileHandle f = alice().open(OTHER, CreateRequest.read())) {
      long mark = mark();
      FileInformation.Basic basic = java.util.Objects.requireNonNull(
          f.queryInformation(FileInformationClass.BASIC, FileInformation.Basic.class).value());
      FileInformation.NetworkOpen open = java.util.Objects.requireNonNull(f.queryInformation(
          FileInformationClass.NETWORK_OPEN, FileInformation.NetworkOpen.class).value());
      assertThat(basic.creationTime()).isEqualTo(open.creationTime());
      assertThat(open.endOfFile()).isEqualTo(5);
      assertThat(callbacksSince(mark)).doesNotContain("queryFileInfo");
    }
  }

  @Test
  void anOplockBreakThatTakesSizeCachingAwaySendsTheQueryToTheServer_s7_3() {
    mrx.grantBuffering(READCACHING, FILESIZECACHEING, FILETIMECACHEING);
    try (FileHandle f = alice().open(README, CreateRequest.read())) {
      long mark = mark();
      standard(f);
      assertThat(callbacksSince(mark)).doesNotContain("queryFileInfo");

      mrx.breakOplock("\\readme.txt", READCACHING);
      runtime.awaitIdle();
      mark = mark();

      standard(f);
      assertThat(callbacksSince(mark)).contains("queryFileInfo");
    }
  }

  @Test
  void aCachedWriteGrowingTheFileCallsExtendForCacheOnce_s5_2() {
    mrx.grantBuffering(READCACHING, WRITECACHING, FILESIZECACHEING);
    try (FileHandle f = alice().open(README, CreateRequest.readWrite())) {
      long mark = mark();
      f.write(1, bytes("EL"));
      assertThat(callbacksSince(mark, QUERY_AND_EXTEND))
          .as("a write inside the file asks for no room").isEmpty();

      f.write(5, bytes(", world"));
      f.write(12, bytes("!"));

      assertThat(callbacksSince(mark, QUERY_AND_EXTEND))
          .as("the first growing write reserves a whole unit; the second fits in it")
          .containsExactly("extendForCache");
      assertThat(standard(f).allocationSize()).isEqualTo(MemoryMiniRedirector.ALLOCATION_UNIT);
      assertThat(standard(f).endOfFile()).isEqualTo(13);
    }
    assertThat(onServer()).isEqualTo(bytes("hELlo, world!"));
  }

  @Test
  void aNonCachedWriteGrowingTheFileCallsExtendForNonCacheFirst_s5_2() {
    try (FileHandle f = alice().open(README, CreateRequest.readWrite())) {
      long mark = mark();

      assertThat(f.write(5, bytes("!")).status()).isEqualTo(NtStatus.SUCCESS);

      assertThat(callbacksSince(mark, QUERY_AND_EXTEND))
          .containsExactly("extendForNonCache", "lowIoSubmit[WRITE]");
      assertThat(onServer()).isEqualTo(bytes("hello!"));
    }
  }

  @Test
  void aRefusedExtensionFailsTheWriteBeforeAnythingIsWritten_s5_2() {
    mrx.answerExtendWith(NtStatus.DISK_FULL);
    try (FileHandle f = alice().open(README, CreateRequest.readWrite())) {
      long mark = mark();

      assertThat(f.write(5, bytes("!")).status()).isEqualTo(NtStatus.DISK_FULL);

      assertThat(callbacksSince(mark, QUERY_AND_EXTEND)).containsExactly("extendForNonCache");
      assertThat(standard(f).endOfFile()).isEqualTo(5);
    }
    mrx.grantBuffering(READCACHING, WRITECACHING, FILESIZECACHEING);
    try (FileHandle f = alice().open(README, CreateRequest.readWrite())) {
      assertThat(f.write(5, bytes("!")).status()).isEqualTo(NtStatus.DISK_FULL);
      assertThat(f.write(0, bytes("J")).status()).as("inside the file").isEqualTo(NtStatus.SUCCESS);
      assertThat(standard(f).endOfFile()).as("the refused write left the size alone").isEqualTo(5);
    }
    assertThat(onServer()).isEqualTo(bytes("Jello"));
  }

  @Test
  void aMiniRedirectorWithoutTheExtendEntriesStillGrowsFiles_s5_2() {
    mrx.answerExtendWith(NtStatus.NOT_IMPLEMENTED);
    mrx.grantBuffering(READCACHING, WRITECACHING, FILESIZECACHEING);
    try (FileHandle f = alice().open(README, CreateRequest.readWrite())) {
      assertThat(f.write(5, bytes("!")).status()).isEqualTo(NtStatus.SUCCESS);
      FileInformation.Standard info = standard(f);
      assertThat(info.endOfFile()).isEqualTo(6);
      assertThat(info.allocationSize()).as("follows the size").isEqualTo(6);
    }
    assertThat(onServer()).isEqualTo(bytes("hello!"));
  }
}
