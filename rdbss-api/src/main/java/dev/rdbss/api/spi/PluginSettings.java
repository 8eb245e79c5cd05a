package dev.rdbss.api.spi;

import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A plugin's settings (ARCHITECTURE.md §3.2): the keys of the runtime's settings file, system
 * properties and CLI flags that are under the plugin's name, with that prefix removed. For a plugin
 * named {@code smb}, {@code rdbss.plugin.smb.transport=sim} arrives as {@code transport=sim}.
 *
 * <p>Settings never carry credentials: those come from the caller's logon, through the V_NET_ROOT.
 *
 * <p>Typed getters fail with an {@link IllegalArgumentException} that names the key and the bad
 * value, so that a typo in a settings file is reported, not silently defaulted.
 */
public final class PluginSettings {

  private static final PluginSettings EMPTY = new PluginSettings(Map.of());

  private final Map<String, String> values;

  private PluginSettings(Map<String, String> values) {
    this.values = Collections.unmodifiableMap(new TreeMap<>(values));
  }

  /** Settings with the given entries. */
  public static PluginSettings of(Map<String, String> values) {
    return new PluginSettings(values);
  }

  /** No settings. */
  public static PluginSettings empty() {
    return EMPTY;
  }

  /** The value of {@code key}, if set. */
  public Optional<String> get(String key) {
    return Optional.ofNullable(values.get(key));
  }

  /** The value of {@code key}, or {@code defaultValue}. */
  public String get(String key, String defaultValue) {
    return values.getOrDefault(key, defaultValue);
  }

  /** An integer setting. */
  public int getInt(String key, int defaultValue) {
    String v = values.get(key);
    if (v == null) {
      return defaultValue;
    }
    try {
      return Integer.parseInt(v.trim());
    } catch (NumberFormatException e) {
      throw bad(key, v, "an integer");
    }
  }

  /** A boolean setting: {@code true} or {@code false}, nothing else. */
  public boolean getBoolean(String key, boolean defaultValue) {
    String v = values.get(key);
    if (v == null) {
      return defaultValue;
    }
    return switch (v.trim().toLowerCase(java.util.Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default -> throw bad(key, v, "true or false");
    };
  }

  /** A duration: ISO-8601 ({@code PT10S}) or a number with a unit ({@code 500ms}, {@code 10s}, {@code 2m}). */
  public Duration getDuration(String key, Duration defaultValue) {
    String v = values.get(key);
    if (v == null) {
      return defaultValue;
    }
    String s = v.trim().toLowerCase(java.util.Locale.ROOT);
    try {
      if (s.startsWith("p")) {
        return Duration.parse(s.toUpperCase(java.util.Locale.ROOT));
      }
      if (s.endsWith("ms")) {
        return Duration.ofMillis(Long.parseLong(s.substring(0, s.length() - 2).trim()));
      }
      if (s.endsWith("s")) {
        return Duration.ofSeconds(Long.parseLong(s.substring(0, s.length() - 1).trim()));
      }
      if (s.endsWith("m")) {
        return Duration.ofMinutes(Long.parseLong(s.substring(0, s.length() - 1).trim()));
      }
    } catch (NumberFormatException | DateTimeParseException e) {
      throw bad(key, v, "a duration such as 10s, 500ms or PT10S");
    }
    throw bad(key, v, "a duration such as 10s, 500ms or PT10S");
  }

  /** A path setting. */
  public Optional<Path> getPath(String key) {
    return get(key).map(Path::of);
  }

  /** All entries, sorted by key. */
  public Map<String, String> asMap() {
    return values;
  }

  private static IllegalArgumentException bad(String key, String value, String expected) {
    return new IllegalArgumentException(
        "plugin setting '" + key + "' is '" + value + "', expected " + expected);
  }

  @Override
  public String toString() {
    return "PluginSettings" + values;
  }
}
