/**
 * A second plugin named {@code echo}, with echo's device name: the runtime must refuse to start and
 * name both jars.
 */
module dev.rdbss.testplugin.clashing {
  requires dev.rdbss.api;

  provides dev.rdbss.api.spi.MiniRedirectorProvider with
      dev.rdbss.testplugin.clashing.ClashingEchoProvider;
}
