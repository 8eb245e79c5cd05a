package com.example.hello;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rdbss.api.NtStatus;
import dev.rdbss.api.file.FileInformation;
import dev.rdbss.api.io.CreateRequest;
import dev.rdbss.api.io.DeviceHandle;
import dev.rdbss.api.io.FileHandle;
import dev.rdbss.api.io.IoSession;
import dev.rdbss.api.io.Logon;
import dev.rdbss.core.ManualClock;
import dev.rdbss.core.RdbssRuntime;
import dev.rdbss.core.RdbssSettings;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The guide's example plugin through the host API, as the guide's "Step 5" tests it: a runtime
 * with the provider handed over, a manual clock, and leaks failing the test when it closes.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class HelloRedirectorTest {

  // tag::runtime[]
  private final RdbssRuntime runtime =
      RdbssRuntime.builder()
          .serviceLoaderDiscovery(false)
          .provider(new HelloProvider(Map.of("hi.txt", bytes("hello, world"))))
          .clock(new ManualClock())
          .settings(RdbssSettings.of(Map.of(RdbssSettings.FAIL_ON_LEAK, "true")))
          .build();

  @AfterEach
  void closingFailsOnLeaks() {
    runtime.close();
  }
  // end::runtime[]

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static String text(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }

  // tag::firstTest[]
  @Test
  void aFileOfTheShareCanBeOpenedAndRead_s5_2() {
    IoSession alice = runtime.logon(Logon.user("alice", "secret"));

    try (FileHandle f = alice.open("\\\\hello\\greetings\\hi.txt", CreateRequest.read())) {
      assertThat(text(f.read(0, 100).data())).isEqualTo("hello, world");
      assertThat(f.read(12, 100).status()).isEqualTo(NtStatus.END_OF_FILE);
    }
  }
  // end::firstTest[]

  @Test
  void aMappedDriveReachesTheShare_s6_5() {
    IoSession alice = runtime.logon(Logon.user("alice", "secret"));
    assertThat(alice.netUse("H:", "\\\\hello\\greetings")).isEqualTo(NtStatus.SUCCESS);
    try (FileHandle f = alice.open("H:\\HI.TXT", CreateRequest.read())) {
      assertThat(text(f.read(0, 5).data())).isEqualTo("hello");
    }
    assertThat(alice.netUseDelete("H:", dev.rdbss.api.ConnectionFinalizeLevel.NO_FORCE))
        .isEqualTo(NtStatus.SUCCESS);
  }

  @Test
  void unknownServersSharesAndFilesAnswerTheirStatuses_s8() {
    IoSession alice = runtime.logon(Logon.user("alice", "secret"));

    assertThat(alice.tryOpen("\\\\nowhere\\greetings\\hi.txt", CreateRequest.read()).status())
        .isEqualTo(NtStatus.BAD_NETWORK_PATH);
    assertThat(alice.tryOpen("\\\\hello\\nope\\hi.txt", CreateRequest.read()).status())
        .isEqualTo(NtStatus.BAD_NETWORK_NAME);
    assertThat(alice.tryOpen("\\\\hello\\greetings\\nope.txt", CreateRequest.read()).status())
        .isEqualTo(NtStatus.OBJECT_NAME_NOT_FOUND);
  }

  @Test
  void aLogonWithoutPasswordIsRefusedWhileTheShareStaysUsable_s9_p2() {
    IoSession alice = runtime.logon(Logon.user("alice", "secret"));
    IoSession anonymous = runtime.logon(Logon.user("guest", ""));

    try (FileHandle f = alice.open("\\\\hello\\greetings\\hi.txt", CreateRequest.read())) {
      assertThat(anonymous.tryOpen("\\\\hello\\greetings\\hi.txt", CreateRequest.read()).status())
          .isEqualTo(NtStatus.LOGON_FAILURE);
      assertThat(text(f.read(0, 5).data())).isEqualTo("hello");
    }
  }

  @Test
  void aFileCreatedAndWrittenByOneUserIsReadByAnother_s5_2_s6_6() {
    IoSession alice = runtime.logon(Logon.user("alice", "secret"));
    IoSession bob = runtime.logon(Logon.user("bob", "secret"));
    String path = "\\\\hello\\greetings\\new.txt";

    try (FileHandle f = alice.open(path, CreateRequest.readWrite().create())) {
      assertThat(f.write(0, bytes("hello")).status()).isEqualTo(NtStatus.SUCCESS);
      assertThat(f.write(7, bytes("!")).status()).isEqualTo(NtStatus.SUCCESS);
    }
    assertThat(alice.tryOpen(path, CreateRequest.readWrite().create()).status())
        .isEqualTo(NtStatus.OBJECT_NAME_COLLISION);
    try (FileHandle f = bob.open(path, CreateRequest.read())) {
      assertThat(f.read(0, 100).data()).containsExactly(bytes("hello\0\0!"));
    }
  }

  @Test
  void endOfFileTruncatesAndRenameAndDeleteChangeTheShare_s5_2() {
    IoSession alice = runtime.logon(Logon.user("alice", "secret"));

    try (FileHandle f = alice.open("\\\\hello\\greetings\\hi.txt", CreateRequest.readWrite())) {
      assertThat(f.setInformation(new FileInformation.EndOfFile(5)).status()).isEqualTo(NtStatus.SUCCESS);
      assertThat(text(f.read(0, 100).data())).isEqualTo("hello");
      assertThat(f.setInformation(new FileInformation.Rename(false, "moved.txt")).status()).isEqualTo(NtStatus.SUCCESS);
    }
    assertThat(alice.tryOpen("\\\\hello\\greetings\\hi.txt", CreateRequest.read()).status())
        .isEqualTo(NtStatus.OBJECT_NAME_NOT_FOUND);
    try (FileHandle f = alice.open("\\\\hello\\greetings\\moved.txt", CreateRequest.readWrite())) {
      assertThat(text(f.read(0, 100).data())).isEqualTo("hello");
      assertThat(f.setInformation(new FileInformation.Disposition(true)).status()).isEqualTo(NtStatus.SUCCESS);
    }
    assertThat(alice.tryOpen("\\\\hello\\greetings\\moved.txt", CreateRequest.read()).status())
        .isEqualTo(NtStatus.OBJECT_NAME_NOT_FOUND);
  }

  // tag::transitionTest[]
  @Test
  void publishingClosesEveryOpenHandleThroughForceFinalizeAllVNetRoots_s4_1_s4_2() {
    IoSession alice = runtime.logon(Logon.user("alice", "secret"));
    FileHandle old = alice.open("\\\\hello\\greetings\\hi.txt", CreateRequest.read());

    try (DeviceHandle device = alice.openDevice(HelloProvider.DEVICE)) {
      byte[] input = HelloControlCodes.publishInput(Map.of("hi.txt", "hello again"));
      assertThat(device.fsctl(HelloControlCodes.FSCTL_HELLO_PUBLISH, input, 0).status())
          .isEqualTo(NtStatus.SUCCESS);
    }
    runtime.awaitIdle(); // the switch runs on the RDBSS worker

    // The old handle is orphaned: requests fail, cleanup and close still work (§4.2).
    assertThat(old.read(0, 100).status()).isEqualTo(NtStatus.UNEXPECTED_NETWORK_ERROR);
    assertThat(old.cleanup()).isEqualTo(NtStatus.SUCCESS);
    old.close();
    // A new open builds a fresh view and sees the new content.
    try (FileHandle f = alice.open("\\\\hello\\greetings\\hi.txt", CreateRequest.read())) {
      assertThat(text(f.read(0, 100).data())).isEqualTo("hello again");
    }
  }
  // end::transitionTest[]

  @Test
  void theProviderIsRegisteredBothWays_arch2() throws java.io.IOException {
    var provides = HelloProvider.class.getModule().getDescriptor().provides();
    assertThat(provides)
        .anySatisfy(
            p -> {
              assertThat(p.service()).isEqualTo("dev.rdbss.api.spi.MiniRedirectorProvider");
              assertThat(p.providers()).containsExactly(HelloProvider.class.getName());
            });
    try (var in =
        HelloProvider.class
            .getModule()
            .getResourceAsStream("META-INF/services/dev.rdbss.api.spi.MiniRedirectorProvider")) {
      assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
              .filter(l -> !l.isBlank() && !l.startsWith("#")))
          .containsExactly(HelloProvider.class.getName());
    }
  }

  /** The kit's subject is listed in the services file only: a provides clause would need the kit. */
  @Test
  void theTckSubjectIsListedButNotProvided_arch2() throws java.io.IOException {
    var descriptor = HelloTckSubject.class.getModule().getDescriptor();
    assertThat(descriptor.provides()).noneSatisfy(
        p -> assertThat(p.service()).isEqualTo("dev.rdbss.tck.TckSubject"));
    assertThat(descriptor.requires()).anySatisfy(r -> {
      assertThat(r.name()).isEqualTo("dev.rdbss.tck");
      assertThat(r.modifiers()).contains(java.lang.module.ModuleDescriptor.Requires.Modifier.STATIC);
    });
    try (var in = HelloTckSubject.class.getModule()
        .getResourceAsStream("META-INF/services/dev.rdbss.tck.TckSubject")) {
      assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
              .filter(l -> !l.isBlank() && !l.startsWith("#")))
          .containsExactly(HelloTckSubject.class.getName());
    }
  }
}
