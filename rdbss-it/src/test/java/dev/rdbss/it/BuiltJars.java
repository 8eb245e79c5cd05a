package dev.rdbss.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Where the build put the jars these tests inspect: {@code target/launch/lib} (the CLI's module
 * path), {@code target/launch/plugins-*} (plugin folders) and {@code target/plugin-jars} (every
 * plugin), all copied by this module's POM. Surefire passes the folders as system properties; run
 * elsewhere (an IDE), they are found from the Maven base directory or the working directory.
 */
final class BuiltJars {

  /** The name every project module starts with. */
  static final String PROJECT_MODULE_PREFIX = "dev.rdbss.";

  private BuiltJars() {}

  static Path baseDir() {
    return Path.of(System.getProperty("basedir", "")).toAbsolutePath();
  }

  static Path launchDir() {
    return folder("rdbss.it.launchDir", baseDir().resolve("target/launch"));
  }

  /** The CLI and its runtime dependencies, nothing else. */
  static Path lib() {
    return folder(null, launchDir().resolve("lib"));
  }

  /** {@code target/launch/plugins-<name>}: {@code echo}, {@code failing} or {@code clash}. */
  static Path pluginFolder(String name) {
    return folder(null, launchDir().resolve("plugins-" + name));
  }

  /** Every plugin jar the build produced. */
  static List<Path> pluginJars() {
    List<Path> jars =
        jarsIn(folder("rdbss.it.pluginJars", baseDir().resolve("target/plugin-jars")));
    assertThat(jars).as("plugin jars").isNotEmpty();
    return jars;
  }

  /** The project's own jars on the CLI's module path (api, core, cli, …). */
  static List<Path> projectJarsInLib() {
    return jarsIn(lib()).stream()
        .filter(jar -> moduleName(jar).startsWith(PROJECT_MODULE_PREFIX))
        .toList();
  }

  /** The one jar in {@code folder} whose file name starts with {@code prefix}. */
  static Path jar(Path folder, String prefix) {
    List<Path> matches =
        jarsIn(folder).stream().filter(j -> j.getFileName().toString().startsWith(prefix)).toList();
    assertThat(matches).as("jars named %s* in %s", prefix, folder).hasSize(1);
    return matches.get(0);
  }

  /** The module descriptor of a jar, explicit or automatic. */
  static ModuleDescriptor descriptor(Path jar) {
    Set<ModuleReference> refs = ModuleFinder.of(jar).findAll();
    assertThat(refs).as("modules in %s", jar).hasSize(1);
    return refs.iterator().next().descriptor();
  }

  static String moduleName(Path jar) {
    return descriptor(jar).name();
  }

  static List<Path> jarsIn(Path folder) {
    try (Stream<Path> files = Files.list(folder)) {
      return files.filter(f -> f.getFileName().toString().endsWith(".jar")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path folder(String property, Path fallback) {
    String configured = property == null ? null : System.getProperty(property);
    Path folder = configured != null ? Path.of(configured) : fallback;
    assertThat(folder)
        .as(
            "%s (made by 'mvnw verify -pl rdbss-it -am': the POM copies the jars at"
                + " pre-integration-test)",
            folder)
        .isDirectory();
    return folder;
  }
}
