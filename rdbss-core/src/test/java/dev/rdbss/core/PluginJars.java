package dev.rdbss.core;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.rdbss.api.spi.MiniRedirectorProvider;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.lang.module.ResolvedModule;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import java.util.spi.ToolProvider;
import org.jspecify.annotations.Nullable;

/**
 * Builds real plugin jars during a test: Java sources compiled against the {@code dev.rdbss.api}
 * module the test runs with, packed with a manifest version. Plugin-folder discovery is tested on
 * real jars in a real module layer, not on mocks.
 */
final class PluginJars {

  private PluginJars() {}

  /** A provider class body with the given name, device name and constructor statement. */
  static String providerSource(
      String pkg, String className, String name, String device, String constructorBody) {
    return """
        package %s;

        import dev.rdbss.api.NtStatus;
        import dev.rdbss.api.object.SrvCall;
        import dev.rdbss.api.spi.*;

        public final class %s implements MiniRedirectorProvider {
          public %s() { %s }
          @Override public MiniRedirectorDescriptor descriptor() {
            return MiniRedirectorDescriptor.builder("%s", "%s").description("test plugin").build();
          }
          @Override public MiniRedirector create(Rdbss rdbss, PluginSettings settings) {
            return new MiniRedirector() {
              @Override public NtStatus createSrvCall(SrvCall s, SrvCallCallbackContext cb) {
                cb.complete(NtStatus.SUCCESS, null);
                return NtStatus.PENDING;
              }
              @Override public NetRootName extractNetRootName(String path, SrvCall s) {
                return NetRootName.firstComponent(path);
              }
              @Override public NtStatus createVNetRoot(CreateNetRootContext ctx) {
                ctx.complete(NtStatus.SUCCESS, NtStatus.SUCCESS);
                return NtStatus.PENDING;
              }
              @Override public NtStatus create(RxContext ctx) { return NtStatus.NOT_IMPLEMENTED; }
            };
          }
        }
        """
        .formatted(
            pkg, className, className, constructorBody, name, device.replace("\\", "\\\\"));
  }

  /**
   * Compiles {@code sources} (path in jar → source) and writes {@code jar}.
   *
   * @param moduleInfo the module descriptor source, or {@code null} for a plain (automatic) jar
   * @param services the {@code META-INF/services/…MiniRedirectorProvider} lines, or empty for none
   * @param compileOnlyModules more jars on the compile-time module path (not copied anywhere)
   */
  static Path build(
      Path jar,
      String version,
      @Nullable String moduleInfo,
      Map<String, String> sources,
      List<String> services,
      Path... compileOnlyModules) {
    try {
      // Compile outside the plugin folder: a folder of plugins must hold only the plugin jars.
      Path work = Files.createTempDirectory("rdbss-test-plugin");
      Path src = work.resolve("src");
      Path out = work.resolve("out");
      Files.createDirectories(out);
      List<String> args = new ArrayList<>(List.of("-d", out.toString(), "--release", "17"));
      if (moduleInfo != null) {
        write(src.resolve("module-info.java"), moduleInfo);
        args.addAll(
            List.of("--module-path", modulePath(compileOnlyModules), "--module-version", version));
      } else {
        args.addAll(List.of("--class-path", moduleLocation("dev.rdbss.api").toString()));
      }
      for (Map.Entry<String, String> e : sources.entrySet()) {
        write(src.resolve(e.getKey()), e.getValue());
      }
      try (Stream<Path> files = Files.walk(src)) {
        files.filter(p -> p.toString().endsWith(".java")).forEach(p -> args.add(p.toString()));
      }
      // java.util.spi.ToolProvider (java.base) needs no read edge to java.compiler.
      ToolProvider javac = ToolProvider.findFirst("javac").orElseThrow();
      StringWriter diagnostics = new StringWriter();
      PrintWriter sink = new PrintWriter(diagnostics);
      int rc = javac.run(sink, sink, args.toArray(String[]::new));
      if (rc != 0) {
        throw new IllegalStateException("test plugin did not compile: " + diagnostics);
      }
      if (!services.isEmpty()) {
        write(
            out.resolve("META-INF/services/" + MiniRedirectorProvider.class.getName()),
            String.join("\n", services) + "\n");
      }
      jar(out, jar, version);
      deleteRecursively(work);
      return jar;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String modulePath(Path... more) {
    List<String> entries = new ArrayList<>();
    entries.add(moduleLocation("dev.rdbss.api").toString());
    // The API's `requires static transitive org.jspecify` makes JSpecify a compile-time need of
    // every plugin, exactly as for a plugin author's build.
    entries.add(moduleLocation("org.jspecify").toString());
    for (Path p : more) {
      entries.add(p.toString());
    }
    return String.join(java.io.File.pathSeparator, entries);
  }

  /** Where a module of the test's boot layer lives (a folder or a jar). */
  static Path moduleLocation(String name) {
    URI uri =
        ModuleLayer.boot()
            .configuration()
            .findModule(name)
            .map(ResolvedModule::reference)
            .flatMap(r -> r.location())
            .orElseThrow();
    return Path.of(uri);
  }

  private static void deleteRecursively(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  private static void write(Path file, String text) throws IOException {
    Files.createDirectories(file.getParent());
    Files.writeString(file, text, UTF_8);
  }

  private static void jar(Path classes, Path jar, String version) throws IOException {
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    manifest.getMainAttributes().put(Attributes.Name.IMPLEMENTATION_VERSION, version);
    try (OutputStream os = Files.newOutputStream(jar);
        JarOutputStream out = new JarOutputStream(os, manifest);
        Stream<Path> files = Files.walk(classes)) {
      for (Path p : files.filter(Files::isRegularFile).sorted().toList()) {
        out.putNextEntry(new JarEntry(classes.relativize(p).toString().replace('\\', '/')));
        Files.copy(p, out);
        out.closeEntry();
      }
    }
  }
}
