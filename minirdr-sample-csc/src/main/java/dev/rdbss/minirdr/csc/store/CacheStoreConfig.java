package dev.rdbss.minirdr.csc.store;

import dev.rdbss.api.spi.PluginSettings;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Where the cache lives and how large it may grow (issue 7 point 4), from the plugin's settings
 * ({@link PluginSettings}; the plugin's name prefix removed).
 *
 * <p>From the plugin's settings ({@code rdbss.plugin.<name>.} prefix removed):
 *
 * <table>
 *   <caption>Cache store settings</caption>
 *   <tr><th>Key</th><th>Meaning</th><th>Default</th></tr>
 *   <tr><td>{@code cache.folder}</td><td>the cache folder (created 0700)</td><td>required</td></tr>
 *   <tr><td>{@code cache.sizeLimit}</td><td>bytes of file data kept before the least recently
 *       used unpinned clean files are evicted; a number with an optional {@code k}, {@code m} or
 *       {@code g} suffix (powers of 1024)</td><td>{@code 256m}</td></tr>
 * </table>
 *
 * @param folder the cache folder: the database {@code cache.db} and the data files under {@code
 *     data/} live here
 * @param sizeLimit the most bytes of file data the cache keeps
 */
public record CacheStoreConfig(Path folder, long sizeLimit) {

  /** 256 MiB. */
  public static final long DEFAULT_SIZE_LIMIT = 256L << 20;

  public CacheStoreConfig {
    Objects.requireNonNull(folder, "folder");
    if (sizeLimit < 0) {
      throw new IllegalArgumentException("cache.sizeLimit < 0: " + sizeLimit);
    }
  }

  /** A cache in {@code folder} with the default size limit. */
  public static CacheStoreConfig at(Path folder) {
    return new CacheStoreConfig(folder, DEFAULT_SIZE_LIMIT);
  }

  /** The same folder, another size limit. */
  public CacheStoreConfig withSizeLimit(long bytes) {
    return new CacheStoreConfig(folder, bytes);
  }

  /**
   * Reads {@code cache.folder} and {@code cache.sizeLimit}.
   *
   * @throws IllegalArgumentException if {@code cache.folder} is missing or the size is malformed
   */
  public static CacheStoreConfig from(PluginSettings settings) {
    Path folder =
        settings
            .getPath("cache.folder")
            .orElseThrow(() -> new IllegalArgumentException("cache.folder is not set"));
    long limit =
        settings.get("cache.sizeLimit").map(CacheStoreConfig::parseSize).orElse(DEFAULT_SIZE_LIMIT);
    return new CacheStoreConfig(folder, limit);
  }

  static long parseSize(String text) {
    String t = text.trim().toLowerCase(java.util.Locale.ROOT);
    int shift = 0;
    if (t.endsWith("k")) {
      shift = 10;
    } else if (t.endsWith("m")) {
      shift = 20;
    } else if (t.endsWith("g")) {
      shift = 30;
    }
    String digits = shift == 0 ? t : t.substring(0, t.length() - 1);
    try {
      long value = Long.parseLong(digits.trim());
      if (value < 0 || value > (Long.MAX_VALUE >> shift)) {
        throw new IllegalArgumentException("cache.sizeLimit out of range: " + text);
      }
      return value << shift;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("cache.sizeLimit is not a size: " + text, e);
    }
  }
}
