package dev.rdbss.core.io;

import static dev.rdbss.api.FcbState.READCACHING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rdbss.api.NtStatus;
import dev.rdbss.api.io.CreateRequest;
import dev.rdbss.api.io.FileHandle;
import dev.rdbss.api.io.IoStatusBlock;
import dev.rdbss.api.io.ReadResult;
import dev.rdbss.api.spi.LowIoOperation;
import dev.rdbss.api.spi.LowIoParameters;
import java.nio.ByteBuffer;
import java.nio.ReadOnlyBufferException;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Reads that copy the data once (issue 10): {@code FileHandle.read(offset, ByteBuffer)} fills the
 * caller's buffer through low I/O READ (spec §5.2) or from the page cache (§7.1), and the {@link
 * ReadResult} of {@code read(offset, length)} is the runtime's own buffer, immutable all the same.
 */
class ReadIntoBufferTest extends BufferingFixture {

  private static final Set<String> READS = Set.of("lowIoSubmit[READ]");

  @Test
  void readIntoFillsTheCallersBufferFromItsPositionThroughLowIo_s5_2() {
    try (FileHandle f = alice().open(README, CreateRequest.read())) {
      ByteBuffer into = ByteBuffer.allocate(8);
      into.put((byte) '>');
      long mark = mark();
      IoStatusBlock io = f.read(0, into);
      assertThat(io.status()).isEqualTo(NtStatus.SUCCESS);
      assertThat(io.information()).isEqualTo(5); // "hello": a short read, the file's end
      assertThat(into.position()).isEqualTo(6);
      assertThat(into.limit()).isEqualTo(8);
      assertThat(Arrays.copyOf(into.array(), 6)).isEqualTo(bytes(">hello"));
      assertThat(into.array()[6]).isZero(); // nothing past what was read
      assertThat(callbacksSince(mark, READS)).containsExactly("lowIoSubmit[READ]");
    }
  }

  @Test
  void readIntoAtOffsetReadsNoMoreThanTheBufferHolds_s5_2() {
    try (FileHandle f = alice().open(README, CreateRequest.read())) {
      ByteBuffer into = ByteBuffer.allocate(3);
      IoStatusBlock io = f.read(1, into);
      assertThat(io.information()).isEqualTo(3);
      assertThat(into.array()).isEqualTo(bytes("ell"));
      assertThat(into.hasRemaining()).isFalse();
    }
  }

  @Test
  void readIntoAtTheEndAnswersEndOfFileAndLeavesThePosition_s5_2() {
    try (FileHandle f = alice().open(README, CreateRequest.read())) {
      ByteBuffer into = ByteBuffer.allocate(4);
      IoStatusBlock io = f.read(5, into);
      assertThat(io.status()).isEqualTo(NtStatus.END_OF_FILE);
      assertThat(io.information()).isZero();
      assertThat(into.position()).isZero();
    }
  }

  @Test
  void readIntoIsServedByThePageCacheWhenReadCachingIsGranted_s7_1() {
    mrx.grantBuffering(READCACHING);
    try (FileHandle f = alice().open(README, CreateRequest.read())) {
      assertThat(f.read(0, 5).data()).isEqualTo(bytes("hello")); // fills the cache
      long mark = mark();
      ByteBuffer into = ByteBuffer.allocateDirect(5); // no array behind it: copied into all the same
      IoStatusBlock io = f.read(0, into);
      assertThat(io.information()).isEqualTo(5);
      into.flip();
      byte[] read = new byte[5];
      into.get(read);
      assertThat(read).isEqualTo(bytes("hello"));
      assertThat(callbacksSince(mark, READS)).as("no low I/O: the cache answered").isEmpty();
    }
  }

  @Test
  void readIntoARefusedRequestAnswersItsStatus_s6_6() {
    FileHandle f = alice().open(README, CreateRequest.read());
    f.cleanup();
    ByteBuffer into = ByteBuffer.allocate(4);
    assertThat(f.read(0, into).status()).isEqualTo(NtStatus.FILE_CLOSED);
    assertThat(into.position()).isZero();
    f.close();
  }

  @Test
  void readIntoAReadOnlyBufferIsRefusedBeforeAnythingIsSent_s5_2() {
    try (FileHandle f = alice().open(README, CreateRequest.read())) {
      long mark = mark();
      assertThatThrownBy(() -> f.read(0, ByteBuffer.allocate(4).asReadOnlyBuffer()))
          .isInstanceOf(ReadOnlyBufferException.class);
      assertThat(callbacksSince(mark, READS)).isEmpty();
    }
  }

  @Test
  void aReadResultIsTheRuntimesBufferButStillImmutableToItsReader_s5_2() {
    try (FileHandle f = alice().open(README, CreateRequest.read())) {
      ReadResult r = f.read(0, 16);
      assertThat(r.length()).isEqualTo(5); // trimmed to what was read
      byte[] copy = r.data();
      copy[0] = 'J';
      assertThat(r.data()).isEqualTo(bytes("hello"));
      ByteBuffer view = r.buffer();
      assertThat(view.isReadOnly()).isTrue();
      assertThat(List.of(view.get(0), view.get(4))).containsExactly((byte) 'h', (byte) 'o');
      // A second read answers a result of its own: the first is not overwritten.
      ReadResult again = f.read(1, 4);
      assertThat(again.data()).isEqualTo(bytes("ello"));
      assertThat(r.data()).isEqualTo(bytes("hello"));
    }
  }

  @Test
  void aLowIoWriteHandsTheMiniRedirectorAReadOnlyViewOfTheCallersBytes_s5_2() {
    byte[] written = bytes("Jo");
    boolean[] readOnly = new boolean[1];
    byte[] sent = new byte[2];
    mrx.onLowIo(LowIoOperation.WRITE, ctx -> {
      ByteBuffer buffer = ctx.lowIo().parameters(LowIoParameters.ReadWrite.class).buffer();
      readOnly[0] = buffer.isReadOnly();
      buffer.get(sent);
      ctx.setInformation(sent.length);
      return NtStatus.SUCCESS;
    });
    try (FileHandle f = alice().open(README, CreateRequest.readWrite())) {
      IoStatusBlock io = f.write(0, written);
      assertThat(io.status()).isEqualTo(NtStatus.SUCCESS);
      assertThat(io.information()).isEqualTo(2);
    }
    assertThat(readOnly[0]).as("the plugin cannot change the caller's array").isTrue();
    assertThat(sent).isEqualTo(bytes("Jo"));
    assertThat(written).isEqualTo(bytes("Jo"));
  }
}
