package dev.rdbss.core.registry;

import dev.rdbss.api.spi.MiniRedirectorProvider;
import dev.rdbss.core.ProviderFailure;
import java.io.IOException;
import java.lang.module.Configuration;
import java.lang.module.FindException;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.lang.module.ResolutionException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * A folder of plugin jars, loaded apart from the application.
 *
 * <p>When the runtime itself runs as a named module, the jars become a new {@link ModuleLayer} above
 * the runtime's layer, so each plugin keeps its module descriptor and its own dependencies. A jar
 * that cannot be resolved (a missing {@code requires}, a bad descriptor) is reported and left out;
 * the others still load. On the class path, where {@code dev.rdbss.api} is not a named module that
 * a plugin could require, the jars are loaded by a class loader instead.
 */
final class PluginFolder {

  private final Path folder;
  private final ClassLoader parentLoader;
  private final List<ProviderFailure> failures = new ArrayList<>();
  private final List<AutoCloseable> loaders = new ArrayList<>();

  PluginFolder(Path folder, ClassLoader parentLoader) {
    this.folder = folder;
    this.parentLoader = parentLoader;
  }

  /** What could not be loaded. */
  List<ProviderFailure> failures() {
    return failures;
  }

  /** Class loaders to close with the runtime. */
  List<AutoCloseable> loaders() {
    return loaders;
  }

  /**
   * The service loader over the folder's plugins and a test that keeps only providers defined by the
   * folder (a service loader over a layer also sees the parent layers).
   */
  Optional<Search> load() {
    if (!Files.isDirectory(folder)) {
      failures.add(
          failure("the plugin path " + folder + " is not a folder", new IOException("not a folder")));
      return Optional.empty();
    }
    Module runtimeModule = PluginFolder.class.getModule();
    if (runtimeModule.isNamed()) {
      ModuleLayer parent =
          Optional.ofNullable(runtimeModule.getLayer()).orElse(ModuleLayer.boot());
      return loadAsLayer(parent);
    }
    return loadOnClassPath();
  }

  /** A service loader and the test that tells the folder's providers from the parents'. */
  record Search(
      ServiceLoader<MiniRedirectorProvider> loader, Predicate<Class<?>> definedByFolder) {}

  private Optional<Search> loadAsLayer(ModuleLayer parent) {
    ModuleFinder finder = ModuleFinder.of(folder);
    Set<String> roots = new TreeSet<>();
    try {
      for (ModuleReference ref : finder.findAll()) {
        roots.add(ref.descriptor().name());
      }
    } catch (FindException e) {
      failures.add(failure("cannot read the plugin folder " + folder + ": " + oneLine(e), e));
      return Optional.empty();
    }
    if (roots.isEmpty()) {
      return Optional.empty();
    }
    Configuration configuration = resolve(parent, finder, roots);
    if (configuration == null) {
      return Optional.empty();
    }
    try {
      ModuleLayer layer = parent.defineModulesWithOneLoader(configuration, parentLoader);
      return Optional.of(
          new Search(
              ServiceLoader.load(layer, MiniRedirectorProvider.class),
              type -> type.getModule().getLayer() == layer));
    } catch (LayerInstantiationException e) {
      failures.add(failure("cannot load the plugins of " + folder + ": " + oneLine(e), e));
      return Optional.empty();
    }
  }

  /**
   * Resolves all roots together; if that fails, resolves each root alone to find the culprits, and
   * then the rest together. Every module of the folder is a root, so no service binding is needed,
   * and binding would be harmful here: the API module {@code uses} the provider service, so binding
   * would drag every provider of the folder, the unresolvable one too, into each attempt.
   */
  private @Nullable Configuration resolve(ModuleLayer parent, ModuleFinder finder, Set<String> roots) {
    try {
      return parent.configuration().resolve(finder, ModuleFinder.of(), roots);
    } catch (FindException | ResolutionException whole) {
      Set<String> resolvable = new LinkedHashSet<>();
      for (String root : roots) {
        try {
          parent.configuration().resolve(finder, ModuleFinder.of(), Set.of(root));
          resolvable.add(root);
        } catch (FindException | ResolutionException e) {
          String jar =
              finder
                  .find(root)
                  .flatMap(ModuleReference::location)
                  .map(ProviderOrigin::display)
                  .orElse(folder.toString());
          failures.add(
              new ProviderFailure(
                  ProviderOrigin.UNKNOWN_LOCATION,
                  jar,
                  "cannot load plugin module " + root + " from " + jar + ": " + oneLine(e),
                  e));
        }
      }
      if (resolvable.isEmpty()) {
        return null;
      }
      try {
        return parent.configuration().resolve(finder, ModuleFinder.of(), resolvable);
      } catch (FindException | ResolutionException e) {
        failures.add(failure("cannot load the plugins of " + folder + ": " + oneLine(e), e));
        return null;
      }
    }
  }

  private Optional<Search> loadOnClassPath() {
    List<URL> jars = new ArrayList<>();
    try (Stream<Path> files = Files.list(folder)) {
      for (Path p : files.filter(f -> f.toString().endsWith(".jar")).sorted().toList()) {
        jars.add(p.toUri().toURL());
      }
    } catch (IOException e) {
      failures.add(failure("cannot list the plugin folder " + folder + ": " + oneLine(e), e));
      return Optional.empty();
    }
    if (jars.isEmpty()) {
      return Optional.empty();
    }
    URLClassLoader loader =
        new URLClassLoader("rdbss-plugins", jars.toArray(URL[]::new), parentLoader);
    loaders.add(loader);
    return Optional.of(
        new Search(
            ServiceLoader.load(MiniRedirectorProvider.class, loader),
            type -> type.getClassLoader() == loader));
  }

  private ProviderFailure failure(String message, Throwable cause) {
    return new ProviderFailure(ProviderOrigin.UNKNOWN_LOCATION, folder.toString(), message, cause);
  }

  static String oneLine(Throwable e) {
    String m = String.valueOf(e.getMessage());
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }

}
