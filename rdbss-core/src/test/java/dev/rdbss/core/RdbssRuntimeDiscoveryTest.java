package dev.rdbss.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rdbss.api.NtStatus;
import dev.rdbss.api.object.SrvCall;
import dev.rdbss.api.spi.CreateNetRootContext;
import dev.rdbss.api.spi.MiniRedirector;
import dev.rdbss.api.spi.MiniRedirectorDescriptor;
import dev.rdbss.api.spi.MiniRedirectorProvider;
import dev.rdbss.api.spi.NetRootName;
import dev.rdbss.api.spi.PluginSettings;
import dev.rdbss.api.spi.Rdbss;
import dev.rdbss.api.spi.RxContext;
import dev.rdbss.api.spi.SrvCallCallbackContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Provider discovery (issue 3 point 10, ARCHITECTURE.md §2): plugin jars in a folder are loaded into
 * their own module layer; failures are reported per provider while the others load; clashes stop the
 * runtime naming both jars.
 */
class RdbssRuntimeDiscoveryTest {

  @TempDir Path folder;

  private Path plugin(String jarName, String module, String name, String device, String ctor) {
    String pkg = module;
    String cls = "Provider";
    return PluginJars.build(
        folder.resolve(jarName),
        "1.2.3",
        "module %s { requires dev.rdbss.api; provides dev.rdbss.api.spi.MiniRedirectorProvider with %s.%s; }"
            .formatted(module, pkg, cls),
        Map.of(
            pkg.replace('.', '/') + "/" + cls + ".java",
            PluginJars.providerSource(pkg, cls, name, device, ctor)),
        List.of(pkg + "." + cls));
  }

  private RdbssRuntime.Builder folderOnly() {
    return RdbssRuntime.builder().serviceLoaderDiscovery(false).pluginPath(folder);
  }

  @Test
  void pluginJarInFolderIsFoundWithItsModuleVersionAndJar() {
    plugin("echo.jar", "com.example.echo", "echo", "\\Device\\EchoRedirector", "");

    try (RdbssRuntime runtime = folderOnly().build()) {
      assertThat(runtime.providerFailures()).isEmpty();
      assertThat(runtime.providers()).singleElement()
          .satisfies(
              p -> {
                assertThat(p.name()).isEqualTo("echo");
                assertThat(p.deviceName()).isEqualTo("\\Device\\EchoRedirector");
                assertThat(p.module()).isEqualTo("com.example.echo");
                assertThat(p.version()).isEqualTo("1.2.3");
                assertThat(p.location()).isEqualTo(folder.resolve("echo.jar").toString());
                assertThat(p.providerClass()).isEqualTo("com.example.echo.Provider");
                // Loaded into a layer of its own, above the runtime's, not onto the module path.
                Module m = p.provider().getClass().getModule();
                assertThat(m.getLayer()).isNotEqualTo(RdbssRuntime.class.getModule().getLayer());
              });
    }
  }

  @Test
  void providerWhoseConstructorThrowsIsReportedWithJarAndCauseWhileOthersLoad() {
    plugin("echo.jar", "com.example.echo", "echo", "\\Device\\EchoRedirector", "");
    plugin(
        "broken.jar",
        "com.example.broken",
        "broken",
        "\\Device\\BrokenRedirector",
        "throw new IllegalStateException(\"backend missing\");");

    try (RdbssRuntime runtime = folderOnly().build()) {
      assertThat(runtime.providers()).extracting(DiscoveredProvider::name).containsExactly("echo");
      assertThat(runtime.providerFailures()).singleElement()
          .satisfies(
              f -> {
                assertThat(f.providerClass()).isEqualTo("com.example.broken.Provider");
                assertThat(f.location()).isEqualTo(folder.resolve("broken.jar").toString());
                assertThat(f.message())
                    .contains("com.example.broken.Provider", "broken.jar", "backend missing");
                assertThat(f.cause()).isInstanceOf(IllegalStateException.class);
              });
    }
  }

  @Test
  void twoProvidersWithTheSameNameRefuseToStartNamingBothJars() {
    plugin("echo-a.jar", "com.example.a", "echo", "\\Device\\EchoA", "");
    plugin("echo-b.jar", "com.example.b", "echo", "\\Device\\EchoB", "");

    assertThatThrownBy(() -> folderOnly().build())
        .isInstanceOfSatisfying(
            ProviderConflictException.class,
            e -> {
              assertThat(e.conflicts()).singleElement()
                  .satisfies(c -> assertThat(c.attribute()).isEqualTo("name"));
              assertThat(e.getMessage()).contains("echo-a.jar", "echo-b.jar", "'echo'");
              assertThat(e.providers()).hasSize(2);
            });
  }

  @Test
  void deviceNamesClashCaseInsensitively() {
    plugin("a.jar", "com.example.a", "alpha", "\\Device\\SharedRedirector", "");
    plugin("b.jar", "com.example.b", "beta", "\\Device\\SHAREDREDIRECTOR", "");

    assertThatThrownBy(() -> folderOnly().build())
        .isInstanceOfSatisfying(
            ProviderConflictException.class,
            e ->
                assertThat(e.conflicts()).singleElement()
                    .satisfies(
                        c -> {
                          assertThat(c.attribute()).isEqualTo("device name");
                          assertThat(c.message()).contains("a.jar", "b.jar");
                        }));
  }

  @Test
  void pluginThatCannotBeResolvedIsReportedAndTheOthersStillLoad(@TempDir Path elsewhere) {
    plugin("echo.jar", "com.example.echo", "echo", "\\Device\\EchoRedirector", "");
    // "needy" requires a module that exists when it is compiled but not in the plugin folder.
    Path absent =
        PluginJars.build(
            elsewhere.resolve("absent.jar"),
            "1.0",
            "module com.example.absent { exports com.example.absent; }",
            Map.of("com/example/absent/Marker.java", "package com.example.absent; public class Marker {}"),
            List.of());
    PluginJars.build(
        folder.resolve("needy.jar"),
        "1.0",
        "module com.example.needy { requires dev.rdbss.api; requires com.example.absent;"
            + " provides dev.rdbss.api.spi.MiniRedirectorProvider with com.example.needy.Provider; }",
        Map.of(
            "com/example/needy/Provider.java",
            PluginJars.providerSource(
                "com.example.needy", "Provider", "needy", "\\Device\\Needy", "")),
        List.of(),
        absent);

    try (RdbssRuntime runtime = folderOnly().build()) {
      assertThat(runtime.providers()).extracting(DiscoveredProvider::name).containsExactly("echo");
      assertThat(runtime.providerFailures()).singleElement()
          .satisfies(
              f -> {
                assertThat(f.location()).endsWith("needy.jar");
                assertThat(f.message()).contains("com.example.needy", "com.example.absent");
              });
    }
  }

  @Test
  void missingPluginFolderIsAFailureNotACrash() {
    try (RdbssRuntime runtime =
        RdbssRuntime.builder()
            .serviceLoaderDiscovery(false)
            .pluginPath(folder.resolve("nope"))
            .build()) {
      assertThat(runtime.providers()).isEmpty();
      assertThat(runtime.providerFailures()).singleElement()
          .satisfies(f -> assertThat(f.message()).contains("nope", "not a folder"));
    }
  }

  @Test
  void descriptorThatThrowsIsReported() {
    MiniRedirectorProvider bad =
        new MiniRedirectorProvider() {
          @Override
          public MiniRedirectorDescriptor descriptor() {
            return MiniRedirectorDescriptor.builder("Bad Name", "\\Device\\Bad").build();
          }

          @Override
          public MiniRedirector create(Rdbss rdbss, PluginSettings settings) {
            throw new AssertionError("never created");
          }
        };
    try (RdbssRuntime runtime =
        RdbssRuntime.builder().serviceLoaderDiscovery(false).provider(bad).build()) {
      assertThat(runtime.providers()).isEmpty();
      assertThat(runtime.providerFailures()).singleElement()
          .satisfies(
              f -> assertThat(f.message()).contains("descriptor()", "lower case letters"));
    }
  }

  @Test
  void providerOrderFromSettingsPutsNamedProvidersFirst_s6_1() {
    try (RdbssRuntime runtime =
        RdbssRuntime.builder()
            .serviceLoaderDiscovery(false)
            .provider(new Fixed("smb", "\\Device\\Smb"))
            .provider(new Fixed("nfs", "\\Device\\Nfs"))
            .provider(new Fixed("csc", "\\Device\\Csc"))
            .settings(RdbssSettings.of(Map.of(RdbssSettings.PROVIDER_ORDER, "csc, smb")))
            .build()) {
      assertThat(runtime.providers())
          .extracting(DiscoveredProvider::name)
          .containsExactly("csc", "smb", "nfs");
      assertThat(runtime.provider("nfs")).isPresent();
    }
  }

  @Test
  void buildingARuntimeDisablesGuiceBytecodeGeneration() {
    // Surefire passes no guice flag (see the parent pom): the runtime must set it by itself.
    try (RdbssRuntime runtime = RdbssRuntime.builder().serviceLoaderDiscovery(false).build()) {
      assertThat(System.getProperty("guice_bytecode_gen_option")).isEqualTo("DISABLED");
      assertThat(runtime.providers()).isEmpty();
    }
  }

  /** A provider handed over directly. */
  private record Fixed(String name, String device) implements MiniRedirectorProvider {
    @Override
    public MiniRedirectorDescriptor descriptor() {
      return MiniRedirectorDescriptor.builder(name, device).build();
    }

    @Override
    public MiniRedirector create(Rdbss rdbss, PluginSettings settings) {
      return new MiniRedirector() {
        @Override
        public NtStatus createSrvCall(SrvCall srvCall, SrvCallCallbackContext callback) {
          callback.complete(NtStatus.SUCCESS, null);
          return NtStatus.PENDING;
        }

        @Override
        public NetRootName extractNetRootName(String path, SrvCall srvCall) {
          return NetRootName.firstComponent(path);
        }

        @Override
        public NtStatus createVNetRoot(CreateNetRootContext ctx) {
          ctx.complete(NtStatus.SUCCESS, NtStatus.SUCCESS);
          return NtStatus.PENDING;
        }

        @Override
        public NtStatus create(RxContext ctx) {
          return NtStatus.NOT_IMPLEMENTED;
        }
      };
    }
  }
}
