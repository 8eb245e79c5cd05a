package dev.rdbss.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * ARCHITECTURE.md §2: a plugin registers its provider twice, in its module descriptor's {@code
 * provides} clause and in {@code META-INF/services} (class-path tools ignore {@code provides}), and
 * the two must name the same classes. A plugin never requires the core.
 *
 * <p>Runs over every jar in {@code target/plugin-jars}; a new plugin (the samples) is checked as
 * soon as the POM copies it there.
 */
class ServiceRegistrationTest {

  static final String SERVICE = "dev.rdbss.api.spi.MiniRedirectorProvider";

  static List<Path> pluginJars() {
    return BuiltJars.pluginJars();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("pluginJars")
  void providesClauseAndServicesFileNameTheSameProviders_arch2(Path jar) throws IOException {
    ModuleDescriptor descriptor = BuiltJars.descriptor(jar);
    assertThat(descriptor.isAutomatic()).as("%s has a module-info", jar).isFalse();

    Set<String> provided =
        descriptor.provides().stream()
            .filter(p -> p.service().equals(SERVICE))
            .flatMap(p -> p.providers().stream())
            .collect(Collectors.toCollection(TreeSet::new));
    Set<String> listed = servicesFileEntries(jar);

    assertThat(provided).as("provides %s in %s", SERVICE, jar).isNotEmpty();
    assertThat(listed).as("META-INF/services/%s of %s", SERVICE, jar).isEqualTo(provided);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("pluginJars")
  void aPluginNeverRequiresTheCore_arch2(Path jar) {
    Set<String> requires =
        BuiltJars.descriptor(jar).requires().stream()
            .map(ModuleDescriptor.Requires::name)
            .collect(Collectors.toSet());

    assertThat(requires)
        .as("requires of %s", jar)
        .contains("dev.rdbss.api")
        .doesNotContain("dev.rdbss.core");
  }

  /** The class names of the services file, without comments ({@code #…}) and blank lines. */
  static Set<String> servicesFileEntries(Path jar) throws IOException {
    try (JarFile file = new JarFile(jar.toFile())) {
      JarEntry entry = file.getJarEntry("META-INF/services/" + SERVICE);
      if (entry == null) {
        return Set.of();
      }
      try (InputStream in = file.getInputStream(entry)) {
        String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        return Stream.of(text.split("\\R"))
            .map(line -> line.replaceFirst("#.*", "").strip())
            .filter(line -> !line.isEmpty())
            .collect(Collectors.toCollection(TreeSet::new));
      }
    }
  }
}
