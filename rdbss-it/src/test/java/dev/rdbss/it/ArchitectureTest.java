package dev.rdbss.it;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The layout rules of ARCHITECTURE.md §2, checked on the built jars: the project's jars on the
 * CLI's module path (api, core, cli) and every plugin jar.
 */
class ArchitectureTest {

  private static JavaClasses classes;

  static List<Path> projectJars() {
    List<Path> jars = new ArrayList<>(BuiltJars.projectJarsInLib());
    jars.addAll(BuiltJars.pluginJars());
    return jars;
  }

  @BeforeAll
  static void importProjectClasses() throws IOException {
    List<JarFile> jars = new ArrayList<>();
    try {
      for (Path jar : projectJars()) {
        jars.add(new JarFile(jar.toFile()));
      }
      classes = new ClassFileImporter().importJars(jars);
    } finally {
      for (JarFile jar : jars) {
        jar.close();
      }
    }
  }

  @Test
  void everyProjectModuleIsImported() {
    assertThat(classes.containPackage("dev.rdbss.api.spi")).isTrue();
    assertThat(classes.containPackage("dev.rdbss.core")).isTrue();
    assertThat(classes.containPackage("dev.rdbss.cli")).isTrue();
    assertThat(classes.containPackage("dev.rdbss.testplugin.echo")).isTrue();
  }

  @Test
  void theCheckedJarsAreTheWholeProject() {
    Set<String> modules =
        projectJars().stream().map(BuiltJars::moduleName).collect(Collectors.toSet());

    assertThat(modules)
        .contains(
            "dev.rdbss.api",
            "dev.rdbss.core",
            "dev.rdbss.cli",
            "dev.rdbss.testplugin.echo",
            "dev.rdbss.testplugin.failing",
            "dev.rdbss.testplugin.clashing");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("projectJars")
  void everyPackageStartsWithItsModuleName_arch2(Path jar) throws IOException {
    String module = BuiltJars.moduleName(jar);
    List<String> packages = classPackages(jar);

    assertThat(packages).as("classes in %s", jar).isNotEmpty();
    assertThat(packages)
        .as("packages of module %s (%s)", module, jar)
        .allSatisfy(p -> assertThat(p.equals(module) || p.startsWith(module + ".")).as(p).isTrue());
  }

  @Test
  void theApiDependsOnNoOtherProjectModuleAndNotOnGuiceOrGuava_arch2() {
    ArchRule rule =
        noClasses()
            .that()
            .resideInAPackage("dev.rdbss.api..")
            .should()
            .dependOnClassesThat(
                resideInAPackage("dev.rdbss..").and(not(resideInAPackage("dev.rdbss.api.."))))
            .orShould()
            .dependOnClassesThat()
            .resideInAPackage("com.google..");

    rule.check(classes);
  }

  @Test
  void pluginsNeverDependOnTheCore_arch2() {
    ArchRule rule =
        noClasses()
            .that()
            .resideInAPackage("dev.rdbss.testplugin..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("dev.rdbss.core..");

    rule.check(classes);
  }

  @Test
  void onlyTheCoreUsesGuice_arch2() {
    ArchRule rule =
        noClasses()
            .that()
            .resideInAPackage("dev.rdbss..")
            .and()
            .resideOutsideOfPackage("dev.rdbss.core..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("com.google.inject..");

    rule.check(classes);
  }

  /**
   * The rules above pass only if they see dependencies across jars at all: the same rules, pointed
   * at dependencies that do exist, must fail.
   */
  @Test
  void theRulesSeeRealDependenciesSoTheyCanFail() {
    ArchRule cliUsesCore =
        noClasses()
            .that()
            .resideInAPackage("dev.rdbss.cli..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("dev.rdbss.core..");
    ArchRule coreUsesGuice =
        noClasses()
            .that()
            .resideInAPackage("dev.rdbss.core..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("com.google.inject..");
    ArchRule pluginsUseApi =
        noClasses()
            .that()
            .resideInAPackage("dev.rdbss.testplugin..")
            .should()
            .dependOnClassesThat(resideInAnyPackage("dev.rdbss.api.."));

    // "was violated", not merely failed: an empty import fails every rule too.
    assertThatThrownBy(() -> cliUsesCore.check(classes)).hasMessageContaining("was violated");
    assertThatThrownBy(() -> coreUsesGuice.check(classes)).hasMessageContaining("was violated");
    assertThatThrownBy(() -> pluginsUseApi.check(classes)).hasMessageContaining("was violated");
  }

  /**
   * The package of every class entry of a jar; the module descriptor and versioned entries aside.
   */
  private static List<String> classPackages(Path jar) throws IOException {
    try (JarFile file = new JarFile(jar.toFile());
        Stream<JarEntry> entries = file.stream()) {
      return entries
          .map(JarEntry::getName)
          .filter(
              n ->
                  n.endsWith(".class")
                      && !n.endsWith("module-info.class")
                      && !n.startsWith("META-INF/"))
          .map(n -> n.contains("/") ? n.substring(0, n.lastIndexOf('/')).replace('/', '.') : "")
          .distinct()
          .toList();
    }
  }
}
