package dev.rdbss.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.lang.module.ModuleDescriptor;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code rdbss tck} as a user runs it (issue 9 points 3 and 7, issue 8 point 7): the real program
 * in a child JVM on a real module path, a plugin folder loaded into its own module layer, the
 * plugin's {@code TckSubject} found through {@code ServiceLoader}. Also proves the subject pattern
 * of rdbss-tck/README.md: the SMB sample {@code requires static dev.rdbss.tck}, so it runs where
 * neither the kit nor JUnit is.
 */
class TckLaunchTest {

  /** The kit's budget for one plugin on this 2-core machine (issue 8 point 7). */
  private static final Duration BUDGET = Duration.ofMinutes(3);

  @TempDir Path scratch;

  private record Run(List<String> command, int status, String out, String err, Duration took) {
    @Override
    public String toString() {
      return String.join(" ", command) + "\n-> exit " + status + " after " + took.toMillis()
          + " ms\n--- stdout\n" + out + "--- stderr\n" + err;
    }
  }

  private Run java(List<String> args) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(args);
    Path out = Files.createTempFile(scratch, "stdout", ".txt");
    Path err = Files.createTempFile(scratch, "stderr", ".txt");
    ProcessBuilder builder = new ProcessBuilder(command).directory(scratch.toFile())
        .redirectOutput(out.toFile()).redirectError(err.toFile());
    builder.environment().remove("JAVA_TOOL_OPTIONS");
    builder.environment().remove("JDK_JAVA_OPTIONS");
    builder.environment().remove("_JAVA_OPTIONS");
    long start = System.nanoTime();
    Process process = builder.start();
    if (!process.waitFor(BUDGET.toSeconds() + 30, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      fail("%s did not finish within the kit's budget; stderr:%n%s", command,
          Files.readString(err));
    }
    return new Run(command, process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8), Duration.ofNanos(System.nanoTime() - start));
  }

  private Run rdbss(String... args) throws Exception {
    List<String> all = new ArrayList<>(List.of("--module-path", BuiltJars.lib().toString(),
        "--module", "dev.rdbss.cli/dev.rdbss.cli.RdbssCli"));
    all.addAll(List.of(args));
    return java(all);
  }

  @Test
  @DisplayName("issue 9 §3, issue 8 §5, §7: rdbss tck certifies the SMB sample from its folder:"
      + " summary table, JSON report, exit 0, within 3 minutes")
  void certifiesTheSmbSampleFromItsPluginFolder() throws Exception {
    Path report = scratch.resolve("reports/smb.json");
    Run r = rdbss("tck", BuiltJars.pluginFolder("smb").toString(), "--report", report.toString());

    assertThat(r.status()).as("%s", r).isZero();
    assertThat(r.out()).as("%s", r)
        .contains("rdbss-tck: SMB sample (sim transport)", "AREA", "ConnectionSetup",
            "Lifecycle", "total", "PASSED: every required rule holds", "report: " + report);
    assertThat(r.err().lines()).as("%s", r)
        .noneMatch(l -> l.startsWith("WARNING:") || l.matches("\\s+at \\S+\\(.*\\)"));
    String json = Files.readString(report, StandardCharsets.UTF_8);
    assertThat(json).contains("\"requiredRulesPassed\": true", "\"subject\": \"SMB sample");
    long rules = json.lines().filter(l -> l.contains("\"rule\": ")).count();
    assertThat(rules).isGreaterThanOrEqualTo(60);
    assertThat(json.lines().filter(l -> l.contains("\"result\": \"FAILED\"")))
        .as("failed rules in%n%s", json).isEmpty();
    assertThat(r.took()).as("the whole kit against one plugin").isLessThan(BUDGET);
    System.out.printf("rdbss tck on the SMB sample: %d rules in %d ms%n", rules,
        r.took().toMillis());
  }

  /**
   * A plugin that can set up connections but opens no file: compiled here against the CLI's own
   * jars, as an exploded module, with its subject listed in META-INF/services.
   */
  private Path brokenPlugin() throws IOException {
    Path src = Files.createDirectories(scratch.resolve("broken-src/com/example/broken"));
    Files.writeString(src.getParent().getParent().getParent().resolve("module-info.java"),
        "module com.example.broken {\n  requires dev.rdbss.api;\n  requires static dev.rdbss.tck;\n"
            + "  exports com.example.broken;\n  provides dev.rdbss.api.spi.MiniRedirectorProvider"
            + " with com.example.broken.BrokenProvider;\n}\n");
    Files.writeString(src.resolve("BrokenProvider.java"), String.join("\n",
        "package com.example.broken;",
        "import dev.rdbss.api.NtStatus;",
        "import dev.rdbss.api.object.SrvCall;",
        "import dev.rdbss.api.spi.*;",
        "public final class BrokenProvider implements MiniRedirectorProvider {",
        "  public MiniRedirectorDescriptor descriptor() {",
        "    return MiniRedirectorDescriptor.builder(\"broken\", \"\\\\Device\\\\BrokenRedirector\").build();",
        "  }",
        "  public MiniRedirector create(Rdbss rdbss, PluginSettings settings) {",
        "    return new MiniRedirector() {",
        "      public NtStatus createSrvCall(SrvCall s, SrvCallCallbackContext cb) {",
        "        cb.complete(NtStatus.SUCCESS, null);",
        "        return NtStatus.PENDING;",
        "      }",
        "      public NetRootName extractNetRootName(String path, SrvCall s) {",
        "        return NetRootName.firstComponent(path);",
        "      }",
        "      public NtStatus createVNetRoot(CreateNetRootContext ctx) {",
        "        ctx.complete(NtStatus.SUCCESS, NtStatus.SUCCESS);",
        "        return NtStatus.PENDING;",
        "      }",
        "      public NtStatus create(RxContext ctx) {",
        "        return NtStatus.OBJECT_NAME_NOT_FOUND;", // the mistake: nothing ever opens
        "      }",
        "    };",
        "  }",
        "}", ""));
    Files.writeString(src.resolve("BrokenSubject.java"), String.join("\n",
        "package com.example.broken;",
        "import dev.rdbss.api.io.Logon;",
        "import dev.rdbss.tck.*;",
        "public final class BrokenSubject implements TckSubject {",
        "  public TckFixture start(TckEnvironment environment) {",
        "    return new TckFixture() {",
        "      public dev.rdbss.api.spi.MiniRedirectorProvider provider() { return new BrokenProvider(); }",
        "      public String server() { return \"files\"; }",
        "      public String share() { return \"docs\"; }",
        "      public Logon user() { return Logon.user(\"alice\", \"a\"); }",
        "      public Logon otherUser() { return Logon.user(\"bob\", \"b\"); }",
        "    };",
        "  }",
        "}", ""));
    Path out = Files.createDirectories(scratch.resolve("broken/com.example.broken"));
    List<String> sources;
    try (var files = Files.walk(scratch.resolve("broken-src"))) {
      sources = files.filter(f -> f.toString().endsWith(".java")).map(Path::toString)
          .collect(Collectors.toList());
    }
    List<String> options = new ArrayList<>(List.of("--release", "17", "--module-path",
        BuiltJars.lib().toString(), "-d", out.toString()));
    options.addAll(sources);
    javax.tools.JavaCompiler javac = javax.tools.ToolProvider.getSystemJavaCompiler();
    java.io.ByteArrayOutputStream diagnostics = new java.io.ByteArrayOutputStream();
    int status = javac.run(null, null, diagnostics, options.toArray(new String[0]));
    assertThat(status).as("javac %s%n%s", options, diagnostics).isZero();
    Path services = Files.createDirectories(out.resolve("META-INF/services"));
    Files.writeString(services.resolve("dev.rdbss.tck.TckSubject"),
        "com.example.broken.BrokenSubject\n");
    Files.writeString(services.resolve("dev.rdbss.api.spi.MiniRedirectorProvider"),
        "com.example.broken.BrokenProvider\n");
    return out.getParent();
  }

  @Test
  @DisplayName("issue 9 §3: a plugin that breaks required rules gets the table with each failure,"
      + " a JSON report that says so, and exit 1")
  void aPluginThatBreaksRequiredRulesExitsOne() throws Exception {
    Path report = scratch.resolve("broken.json");
    Run r = rdbss("tck", brokenPlugin().toString(), "--no-stochastic", "--report",
        report.toString());

    assertThat(r.status()).as("%s", r).isEqualTo(1);
    assertThat(r.out()).as("%s", r)
        .contains("FAILED CreateAndCollapse.required_s6_4_createInformationMatchesDisposition",
            "expected: ", "happened: ", "check in the plugin: ", "FAILED: ");
    String json = Files.readString(report, StandardCharsets.UTF_8);
    assertThat(json).contains("\"requiredRulesPassed\": false", "\"result\": \"FAILED\"");
  }

  @Test
  @DisplayName("issue 9 §3: a plugin without a TckSubject is one clear error line and exit 1")
  void aPluginWithoutASubjectIsAnErrorAndExitsOne() throws Exception {
    Run r = rdbss("tck", BuiltJars.pluginFolder("echo").toString(),
        "--report", scratch.resolve("echo.json").toString());

    assertThat(r.status()).as("%s", r).isEqualTo(1);
    assertThat(r.err().lines().filter(l -> l.startsWith("error: ")).collect(Collectors.toList()))
        .as("%s", r).singleElement().asString().contains("provides no dev.rdbss.tck.TckSubject");
    assertThat(Files.exists(scratch.resolve("echo.json"))).isFalse();
  }

  @Test
  @DisplayName("issue 9 §5: a missing plugin path is a usage error, exit 2")
  void aMissingPluginIsAUsageError() throws Exception {
    Run r = rdbss("tck", scratch.resolve("nothing-here.jar").toString());

    assertThat(r.status()).as("%s", r).isEqualTo(2);
    assertThat(r.err()).as("%s", r).contains("plugin not found");
  }

  @Test
  @DisplayName("rdbss-tck README: a plugin that provides a TckSubject requires the kit statically"
      + " and loads without the kit, JUnit or the core on the module path")
  void theSmbSampleLoadsWithoutTheKitOrJunit() throws Exception {
    Path smb = BuiltJars.jar(BuiltJars.pluginFolder("smb"), "minirdr-sample-smb-");
    ModuleDescriptor d = BuiltJars.descriptor(smb);
    assertThat(d.requires()).anySatisfy(req -> {
      assertThat(req.name()).isEqualTo("dev.rdbss.tck");
      assertThat(req.modifiers()).contains(ModuleDescriptor.Requires.Modifier.STATIC);
    });
    // Listed in the services file only: a provides clause would need the kit at run time.
    assertThat(d.provides()).noneMatch(p -> p.service().equals("dev.rdbss.tck.TckSubject"));
    try (var jar = new java.util.jar.JarFile(smb.toFile())) {
      assertThat(jar.getJarEntry("META-INF/services/dev.rdbss.tck.TckSubject")).isNotNull();
    }

    // A host with only the API and the plugin's folder: no dev.rdbss.tck, no JUnit, no core.
    Path modules = Files.createDirectories(scratch.resolve("modules"));
    Files.copy(BuiltJars.jar(BuiltJars.lib(), "rdbss-api-"), modules.resolve("rdbss-api.jar"));
    for (Path jar : BuiltJars.jarsIn(BuiltJars.pluginFolder("smb"))) {
      Files.copy(jar, modules.resolve(jar.getFileName()));
    }
    Path probe = scratch.resolve("Probe.java");
    Files.writeString(probe, String.join("\n",
        "public class Probe {",
        "  public static void main(String[] args) {",
        "    for (var p : java.util.ServiceLoader.load(dev.rdbss.api.spi.MiniRedirectorProvider.class)) {",
        "      System.out.println(p.descriptor().name() + \" \" + p.descriptor().deviceName());",
        "    }",
        "    System.out.println(\"kit present: \" + ModuleLayer.boot().findModule(\"dev.rdbss.tck\").isPresent());",
        "  }",
        "}", ""));
    Run r = java(List.of("--module-path", modules.toString(), "--add-modules",
        "dev.rdbss.minirdr.smb", probe.toString()));

    assertThat(r.status()).as("%s", r).isZero();
    assertThat(r.out().lines()).as("%s", r)
        .contains("smb \\Device\\SmbSimRedirector", "kit present: false");
  }
}
