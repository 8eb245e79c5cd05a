package dev.rdbss.core.io;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rdbss.api.file.ShareAccess;
import dev.rdbss.api.io.CreateRequest;
import dev.rdbss.api.io.FileHandle;
import dev.rdbss.api.io.IoSession;
import dev.rdbss.api.io.Logon;
import dev.rdbss.core.memory.MemoryHost;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A handle's {@link FileHandle#path()} is the path it was opened with (§6.4 step 6), whether or not
 * it spells the FCB's name exactly: the file object derives the path from the FCB's name when it is
 * that name behind one more backslash, and keeps the caller's string otherwise.
 */
class HandlePathTest {

  private final MemoryHost host = new MemoryHost();

  @AfterEach
  void closeChecksForLeaks() {
    host.close();
  }

  private IoSession alice() {
    return host.runtime().logon(Logon.user("alice", "secret"));
  }

  @Test
  void aHandleOpenedWithTheFcbNameAnswersThatPath_s6_4_step6() {
    String path = "\\\\files\\docs\\new.txt";
    FileHandle f = alice().open(path, CreateRequest.readWrite().openIf());
    assertThat(f.path()).isEqualTo(path);
    assertThat(f.toString()).contains(path);
    f.close();
    assertThat(f.path()).as("still answered once closed and the FCB freed").isEqualTo(path);
  }

  @Test
  void aHandleOpenedWithAnotherSpellingKeepsItsOwnPath_s6_4_step6() {
    IoSession alice = alice();
    CreateRequest sharing = CreateRequest.read().share(ShareAccess.READ, ShareAccess.WRITE);
    try (FileHandle created = alice.open("\\\\files\\docs\\new.txt", sharing.openIf());
        FileHandle upper = alice.open("\\\\FILES\\docs\\new.txt", sharing.open())) {
      assertThat(created.path()).isEqualTo("\\\\files\\docs\\new.txt");
      assertThat(upper.path())
          .as("the same FCB, named after the first open's NET_ROOT spelling")
          .isEqualTo("\\\\FILES\\docs\\new.txt");
    }
  }
}
