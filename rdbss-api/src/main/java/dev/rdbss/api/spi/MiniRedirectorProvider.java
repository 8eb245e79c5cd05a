package dev.rdbss.api.spi;

/**
 * The {@link java.util.ServiceLoader} entry point of a mini-redirector plugin (ARCHITECTURE.md §3.2).
 *
 * <p>A plugin declares it twice, because class-path tools ignore module descriptors:
 *
 * <pre>
 * module com.example.echo {
 *   requires dev.rdbss.api;
 *   provides dev.rdbss.api.spi.MiniRedirectorProvider with com.example.echo.EchoProvider;
 * }
 * </pre>
 *
 * and in {@code META-INF/services/dev.rdbss.api.spi.MiniRedirectorProvider}. The provider must have a
 * public no-argument constructor that does no work: the runtime constructs every provider it finds,
 * even those it will not use. Everything real happens in {@link #create}.
 */
public interface MiniRedirectorProvider {

  /** The plugin's descriptor; called once, before {@link #create}. */
  MiniRedirectorDescriptor descriptor();

  /**
   * Creates the mini-redirector when the runtime registers it (§5.1 "Register").
   *
   * @param rdbss the routines RDBSS offers this plugin
   * @param settings the plugin's settings
   */
  MiniRedirector create(Rdbss rdbss, PluginSettings settings);
}
