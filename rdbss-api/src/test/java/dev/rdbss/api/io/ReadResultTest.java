package dev.rdbss.api.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rdbss.api.NtStatus;
import java.nio.BufferOverflowException;
import java.nio.ByteBuffer;
import java.nio.ReadOnlyBufferException;
import org.junit.jupiter.api.Test;

/**
 * The result of a read (low I/O READ, spec §5.2): immutable whichever way its bytes are read, and
 * the ways that copy less than {@link ReadResult#data()} (issue 10).
 */
class ReadResultTest {

  private static byte[] bytes(int... values) {
    byte[] b = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      b[i] = (byte) values[i];
    }
    return b;
  }

  @Test
  void constructorCopiesSoLaterWritesToTheArrayDoNotShow_s5_2() {
    byte[] given = bytes(1, 2, 3);
    ReadResult r = new ReadResult(NtStatus.SUCCESS, given);
    given[0] = 9;
    assertThat(r.data()).containsExactly(1, 2, 3);
    assertThat(r.buffer().get(0)).isEqualTo((byte) 1);
  }

  @Test
  void dataAnswersACopyEachTime_s5_2() {
    ReadResult r = new ReadResult(NtStatus.SUCCESS, bytes(1, 2, 3));
    byte[] first = r.data();
    first[1] = 9;
    assertThat(r.data()).containsExactly(1, 2, 3);
    assertThat(r.data()).isNotSameAs(r.data());
  }

  @Test
  void bufferIsAReadOnlyViewOfTheBytes_s5_2() {
    ReadResult r = new ReadResult(NtStatus.SUCCESS, bytes(4, 5, 6, 7));
    ByteBuffer view = r.buffer();
    assertThat(view.isReadOnly()).isTrue();
    assertThat(view.position()).isZero();
    assertThat(view.remaining()).isEqualTo(4);
    assertThat(view.capacity()).isEqualTo(4);
    assertThat(view.hasArray()).isFalse(); // no way to the array behind it
    assertThatThrownBy(() -> view.put(0, (byte) 1)).isInstanceOf(ReadOnlyBufferException.class);
    byte[] read = new byte[4];
    view.get(read);
    assertThat(read).containsExactly(4, 5, 6, 7);
  }

  @Test
  void eachBufferHasItsOwnPosition_s5_2() {
    ReadResult r = new ReadResult(NtStatus.SUCCESS, bytes(1, 2, 3));
    ByteBuffer one = r.buffer();
    one.get();
    one.get();
    assertThat(r.buffer().position()).isZero();
    assertThat(r.buffer().get()).isEqualTo((byte) 1);
  }

  @Test
  void adoptingKeepsTheArrayWithoutCopying_s5_2() {
    byte[] owned = bytes(1, 2, 3);
    ReadResult r = ReadResult.adopting(NtStatus.SUCCESS, owned);
    // The documented contract: the array is the result's now, so a write shows (it is not copied).
    owned[0] = 8;
    assertThat(r.buffer().get(0)).isEqualTo((byte) 8);
    assertThat(r.length()).isEqualTo(3);
    // data() still answers a copy the caller may change freely.
    byte[] copy = r.data();
    copy[1] = 9;
    assertThat(r.data()).containsExactly(8, 2, 3);
  }

  @Test
  void resultsWithTheSameStatusAndBytesAreEqual_s5_2() {
    ReadResult one = new ReadResult(NtStatus.SUCCESS, bytes(1, 2));
    assertThat(one)
        .isEqualTo(ReadResult.adopting(NtStatus.SUCCESS, bytes(1, 2)))
        .hasSameHashCodeAs(ReadResult.adopting(NtStatus.SUCCESS, bytes(1, 2)))
        .isNotEqualTo(new ReadResult(NtStatus.SUCCESS, bytes(1, 3)))
        .isNotEqualTo(new ReadResult(NtStatus.END_OF_FILE, bytes(1, 2)));
    assertThat(ReadResult.empty(NtStatus.END_OF_FILE))
        .isEqualTo(new ReadResult(NtStatus.END_OF_FILE, new byte[0]));
    assertThat(one.toString()).isEqualTo("ReadResult[" + NtStatus.SUCCESS + ", 2 bytes]");
  }

  @Test
  void transferToCopiesIntoTheCallersBufferAndAdvancesIt_s5_2() {
    ReadResult r = new ReadResult(NtStatus.SUCCESS, bytes(1, 2, 3));
    ByteBuffer into = ByteBuffer.allocate(5);
    into.put((byte) 0);
    assertThat(r.transferTo(into)).isEqualTo(3);
    assertThat(into.position()).isEqualTo(4);
    assertThat(into.array()).containsExactly(0, 1, 2, 3, 0);
    into.put(1, (byte) 9); // the caller's copy is independent of the result
    assertThat(r.data()).containsExactly(1, 2, 3);
  }

  @Test
  void transferToRefusesABufferTooSmallAndMovesNothing_s5_2() {
    ReadResult r = new ReadResult(NtStatus.SUCCESS, bytes(1, 2, 3));
    ByteBuffer small = ByteBuffer.allocate(2);
    assertThatThrownBy(() -> r.transferTo(small)).isInstanceOf(BufferOverflowException.class);
    assertThat(small.position()).isZero();
  }

  @Test
  void emptyHasTheStatusAndNoBytes_s5_2() {
    ReadResult r = ReadResult.empty(NtStatus.END_OF_FILE);
    assertThat(r.status()).isEqualTo(NtStatus.END_OF_FILE);
    assertThat(r.length()).isZero();
    assertThat(r.data()).isEmpty();
    assertThat(r.buffer().remaining()).isZero();
    assertThat(new ReadResult(NtStatus.END_OF_FILE, new byte[0]).length()).isZero();
  }
}
