/**
 * A plugin whose provider cannot be constructed: the runtime must report it (class, jar, cause) and
 * still load the other plugins of the same folder.
 */
module dev.rdbss.testplugin.failing {
  requires dev.rdbss.api;

  provides dev.rdbss.api.spi.MiniRedirectorProvider with
      dev.rdbss.testplugin.failing.FailingProvider;
}
