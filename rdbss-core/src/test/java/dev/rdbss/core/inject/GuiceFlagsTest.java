package dev.rdbss.core.inject;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Properties;
import org.junit.jupiter.api.Test;

/** Guice's bytecode generation is off unless the user chose otherwise (java-stack.md §2.4). */
class GuiceFlagsTest {

  @Test
  void unsetOptionBecomesDisabled() {
    Properties p = new Properties();
    assertThat(GuiceFlags.disableBytecodeGenerationUnlessSet(p)).isEqualTo("DISABLED");
    assertThat(p.getProperty(GuiceFlags.BYTECODE_GEN_OPTION)).isEqualTo("DISABLED");
  }

  @Test
  void userChoiceIsKept() {
    Properties p = new Properties();
    p.setProperty(GuiceFlags.BYTECODE_GEN_OPTION, "ENABLED");
    assertThat(GuiceFlags.disableBytecodeGenerationUnlessSet(p)).isEqualTo("ENABLED");
    assertThat(p.getProperty(GuiceFlags.BYTECODE_GEN_OPTION)).isEqualTo("ENABLED");
  }
}
