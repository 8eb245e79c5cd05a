package dev.rdbss.tck;

import dev.rdbss.api.spi.MiniRedirector;
import dev.rdbss.api.spi.MiniRedirectorDescriptor;
import dev.rdbss.api.spi.MiniRedirectorProvider;
import dev.rdbss.api.spi.PluginSettings;
import dev.rdbss.api.spi.Rdbss;
import org.jspecify.annotations.Nullable;

/**
 * The subject's provider, unchanged, except that the kit keeps the {@link Rdbss} service the plugin
 * receives: with it the kit calls {@code forceFinalizeAllVNetRoots} as a client-side-caching plugin
 * would (§4.1), through public API only.
 */
final class CapturingProvider implements MiniRedirectorProvider {

  private final MiniRedirectorProvider delegate;
  private volatile @Nullable Rdbss rdbss;

  CapturingProvider(MiniRedirectorProvider delegate) {
    this.delegate = delegate;
  }

  @Override
  public MiniRedirectorDescriptor descriptor() {
    return delegate.descriptor();
  }

  @Override
  public MiniRedirector create(Rdbss rdbss, PluginSettings settings) {
    this.rdbss = rdbss;
    return delegate.create(rdbss, settings);
  }

  Rdbss rdbss() {
    Rdbss r = rdbss;
    if (r == null) {
      throw new IllegalStateException("the runtime has not created the plugin");
    }
    return r;
  }
}
