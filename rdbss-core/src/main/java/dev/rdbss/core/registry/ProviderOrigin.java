package dev.rdbss.core.registry;

import java.lang.module.ResolvedModule;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.Optional;

/**
 * Where a class was loaded from: its module, version and jar. Printed for every provider found,
 * because "which jar did this come from?" is the first question when a plugin misbehaves.
 *
 * @param module the module name, or {@code "(class path)"}
 * @param version the module's version, else the jar's {@code Implementation-Version}, else
 *     {@code "unknown"}
 * @param location the jar or folder, or {@code "(unknown)"}
 */
public record ProviderOrigin(String module, String version, String location) {

  static final String CLASS_PATH = "(class path)";
  static final String UNKNOWN_LOCATION = "(unknown)";
  static final String UNKNOWN_VERSION = "unknown";

  /** The origin of {@code type}. */
  public static ProviderOrigin of(Class<?> type) {
    Module module = type.getModule();
    String implVersion =
        Optional.ofNullable(type.getPackage())
            .map(Package::getImplementationVersion)
            .orElse(UNKNOWN_VERSION);
    if (module.isNamed()) {
      String version = module.getDescriptor().rawVersion().orElse(implVersion);
      String location =
          Optional.ofNullable(module.getLayer())
              .flatMap(layer -> layer.configuration().findModule(module.getName()))
              .map(ResolvedModule::reference)
              .flatMap(ref -> ref.location())
              .map(ProviderOrigin::display)
              .orElse(UNKNOWN_LOCATION);
      return new ProviderOrigin(module.getName(), version, location);
    }
    String location =
        Optional.ofNullable(type.getProtectionDomain().getCodeSource())
            .map(CodeSource::getLocation)
            .map(ProviderOrigin::display)
            .orElse(UNKNOWN_LOCATION);
    return new ProviderOrigin(CLASS_PATH, implVersion, location);
  }

  static String display(URI uri) {
    if ("file".equals(uri.getScheme())) {
      return Path.of(uri).toString();
    }
    return uri.toString();
  }

  static String display(URL url) {
    try {
      return display(url.toURI());
    } catch (URISyntaxException | IllegalArgumentException e) {
      return url.toString();
    }
  }
}
