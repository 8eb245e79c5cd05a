package dev.rdbss.api.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rdbss.api.NtStatus;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.nio.ByteBuffer;
import java.nio.ReadOnlyBufferException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The default {@link FileHandle#read(long, ByteBuffer)} of a handle that implements only {@link
 * FileHandle#read(long, int)} (host API, low I/O READ of spec §5.2): it reads a result and copies it
 * into the caller's buffer.
 */
class FileHandleReadIntoTest {

  private final List<String> asked = new ArrayList<>();

  /** A handle whose only working request is {@code read(offset, length)}, answering {@code answer}. */
  private FileHandle handleAnswering(ReadResult answer) {
    InvocationHandler h = (proxy, method, args) -> {
      if (method.isDefault()) {
        return InvocationHandler.invokeDefault(proxy, method, args);
      }
      if (method.getName().equals("read")) {
        asked.add(args[0] + "+" + args[1]);
        return answer;
      }
      throw new UnsupportedOperationException(method.getName());
    };
    return (FileHandle) Proxy.newProxyInstance(
        FileHandle.class.getClassLoader(), new Class<?>[] {FileHandle.class}, h);
  }

  @Test
  void defaultReadIntoAsksForTheRoomLeftAndCopiesAtThePosition_s5_2() {
    FileHandle f = handleAnswering(new ReadResult(NtStatus.SUCCESS, new byte[] {1, 2, 3}));
    ByteBuffer into = ByteBuffer.allocate(6);
    into.position(2);
    IoStatusBlock io = f.read(40, into);
    assertThat(asked).containsExactly("40+4");
    assertThat(io).isEqualTo(new IoStatusBlock(NtStatus.SUCCESS, 3));
    assertThat(into.position()).isEqualTo(5);
    assertThat(into.array()).containsExactly(0, 0, 1, 2, 3, 0);
  }

  @Test
  void defaultReadIntoAnswersAFailureWithoutMovingTheBuffer_s5_2() {
    FileHandle f = handleAnswering(ReadResult.empty(NtStatus.END_OF_FILE));
    ByteBuffer into = ByteBuffer.allocate(4);
    assertThat(f.read(0, into)).isEqualTo(IoStatusBlock.of(NtStatus.END_OF_FILE));
    assertThat(into.position()).isZero();
  }

  @Test
  void defaultReadIntoRefusesAReadOnlyBufferWithoutReading_s5_2() {
    FileHandle f = handleAnswering(new ReadResult(NtStatus.SUCCESS, new byte[] {1}));
    assertThatThrownBy(() -> f.read(0, ByteBuffer.allocate(1).asReadOnlyBuffer()))
        .isInstanceOf(ReadOnlyBufferException.class);
    assertThat(asked).isEmpty();
  }
}
