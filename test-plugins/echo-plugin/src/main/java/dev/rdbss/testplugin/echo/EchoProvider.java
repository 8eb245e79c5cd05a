package dev.rdbss.testplugin.echo;

import dev.rdbss.api.spi.MiniRedirector;
import dev.rdbss.api.spi.MiniRedirectorDescriptor;
import dev.rdbss.api.spi.MiniRedirectorProvider;
import dev.rdbss.api.spi.PluginSettings;
import dev.rdbss.api.spi.Rdbss;

/** The {@code ServiceLoader} entry point of the {@code echo} test plugin. */
public final class EchoProvider implements MiniRedirectorProvider {

  /** The plugin's name. */
  public static final String NAME = "echo";

  /** The plugin's device name. */
  public static final String DEVICE_NAME = "\\Device\\EchoRedirector";

  /** Does no work, as the SPI asks: the runtime constructs every provider it finds. */
  public EchoProvider() {}

  @Override
  public MiniRedirectorDescriptor descriptor() {
    return MiniRedirectorDescriptor.builder(NAME, DEVICE_NAME)
        .description("test plugin: connects to any server and share, opens nothing yet")
        .build();
  }

  @Override
  public MiniRedirector create(Rdbss rdbss, PluginSettings settings) {
    return new EchoRedirector();
  }
}
