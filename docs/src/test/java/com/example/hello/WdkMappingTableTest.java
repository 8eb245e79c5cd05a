package com.example.hello;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rdbss.api.spi.MiniRedirector;
import dev.rdbss.api.spi.Rdbss;
import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Issue 9 point 6: the guide's mapping table lists every method of {@link Rdbss} (what RDBSS does)
 * and of {@link MiniRedirector} (the dispatch table), and nothing that is not one. A row's Java
 * column reads {@code `Rdbss.name`} or {@code `MiniRedirector.name`}.
 */
class WdkMappingTableTest {

  private static final Pattern ROW =
      Pattern.compile("(?m)^\\| `[A-Za-z_]+[^|]*\\| `(Rdbss|MiniRedirector)\\.([a-zA-Z]+)`");

  private static Set<String> listed(String type) throws IOException {
    String guide = Files.readString(GuideSnippetsTest.GUIDE, StandardCharsets.UTF_8);
    Set<String> names = new TreeSet<>();
    Matcher m = ROW.matcher(guide);
    while (m.find()) {
      if (m.group(1).equals(type)) {
        names.add(m.group(2));
      }
    }
    return names;
  }

  private static Set<String> methods(Class<?> type) {
    return Arrays.stream(type.getDeclaredMethods())
        .filter(m -> !m.isSynthetic() && !Modifier.isStatic(m.getModifiers()))
        .filter(m -> Modifier.isPublic(m.getModifiers()))
        .map(Method::getName)
        .collect(Collectors.toCollection(TreeSet::new));
  }

  @Test
  void everyRdbssRoutineIsInTheTable_arch3_1() throws IOException {
    assertThat(listed("Rdbss")).containsExactlyElementsOf(methods(Rdbss.class));
  }

  @Test
  void everyDispatchEntryIsInTheTable_arch3_2_s5_2() throws IOException {
    assertThat(listed("MiniRedirector")).containsExactlyElementsOf(methods(MiniRedirector.class));
  }
}
