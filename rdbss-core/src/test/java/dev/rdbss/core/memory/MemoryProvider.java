package dev.rdbss.core.memory;

import dev.rdbss.api.spi.MiniRedirector;
import dev.rdbss.api.spi.MiniRedirectorDescriptor;
import dev.rdbss.api.spi.MiniRedirectorProvider;
import dev.rdbss.api.spi.PluginSettings;
import dev.rdbss.api.spi.Rdbss;

/** Registers a {@link MemoryMiniRedirector} that a test prepared. */
public final class MemoryProvider implements MiniRedirectorProvider {

  private final MiniRedirectorDescriptor descriptor;
  private final MemoryMiniRedirector mrx;

  public MemoryProvider(String name, MemoryMiniRedirector mrx) {
    this(MiniRedirectorDescriptor.builder(name, "\\Device\\" + name).build(), mrx);
  }

  public MemoryProvider(MiniRedirectorDescriptor descriptor, MemoryMiniRedirector mrx) {
    this.descriptor = descriptor;
    this.mrx = mrx;
  }

  @Override
  public MiniRedirectorDescriptor descriptor() {
    return descriptor;
  }

  @Override
  public MiniRedirector create(Rdbss rdbss, PluginSettings settings) {
    return mrx.attach(rdbss);
  }
}
