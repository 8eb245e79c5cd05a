package com.example.hello;

import dev.rdbss.api.spi.MiniRedirector;
import dev.rdbss.api.spi.MiniRedirectorDescriptor;
import dev.rdbss.api.spi.MiniRedirectorProvider;
import dev.rdbss.api.spi.PluginSettings;
import dev.rdbss.api.spi.Rdbss;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The guide's example provider (docs/guide.md, "Step 3"): found by {@code ServiceLoader}, it names
 * the plugin and its device and creates the dispatch table.
 */
// tag::provider[]
public final class HelloProvider implements MiniRedirectorProvider {

  /** The plugin's name; its settings live under {@code rdbss.plugin.hello.}. */
  public static final String NAME = "hello";

  /** The device the plugin registers. */
  public static final String DEVICE = "\\Device\\HelloRedirector";

  private final Map<String, byte[]> files;

  /** For ServiceLoader: does no work, one greeting. */
  public HelloProvider() {
    this(Map.of("readme.txt", "Hello from a mini-redirector\r\n".getBytes(StandardCharsets.UTF_8)));
  }

  /** A server whose one share holds {@code files} (name to content). */
  public HelloProvider(Map<String, byte[]> files) {
    this.files = Map.copyOf(files);
  }

  @Override
  public MiniRedirectorDescriptor descriptor() {
    return MiniRedirectorDescriptor.builder(NAME, DEVICE)
        .description("a share of files in memory (the guide's example)")
        .build();
  }

  @Override
  public MiniRedirector create(Rdbss rdbss, PluginSettings settings) {
    return new HelloRedirector(rdbss, files);
  }
}
// end::provider[]
