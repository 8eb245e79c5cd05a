/**
 * A minimal working mini-redirector named {@code echo}, loaded by the launch test. It needs nothing
 * but the API, as every plugin should.
 */
module dev.rdbss.testplugin.echo {
  requires dev.rdbss.api;

  provides dev.rdbss.api.spi.MiniRedirectorProvider with
      dev.rdbss.testplugin.echo.EchoProvider;
}
