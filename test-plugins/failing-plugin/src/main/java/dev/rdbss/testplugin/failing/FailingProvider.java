package dev.rdbss.testplugin.failing;

import dev.rdbss.api.spi.MiniRedirector;
import dev.rdbss.api.spi.MiniRedirectorDescriptor;
import dev.rdbss.api.spi.MiniRedirectorProvider;
import dev.rdbss.api.spi.PluginSettings;
import dev.rdbss.api.spi.Rdbss;

/**
 * A provider that breaks the SPI's "the constructor does no work" rule and fails, as a provider
 * that looks for its backend too early does.
 */
public final class FailingProvider implements MiniRedirectorProvider {

  /** What the constructor throws; the launch test looks for it in the error line. */
  public static final String MESSAGE = "failing test plugin: backend unavailable";

  /**
   * Always throws.
   *
   * @throws IllegalStateException always
   */
  public FailingProvider() {
    throw new IllegalStateException(MESSAGE);
  }

  @Override
  public MiniRedirectorDescriptor descriptor() {
    return MiniRedirectorDescriptor.builder("failing", "\\Device\\FailingRedirector").build();
  }

  @Override
  public MiniRedirector create(Rdbss rdbss, PluginSettings settings) {
    throw new IllegalStateException(MESSAGE);
  }
}
