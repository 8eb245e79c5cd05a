// tag::module[]
/** A read-only mini-redirector serving greetings from memory: the guide's worked example. */
module com.example.hello {
  requires dev.rdbss.api;

  exports com.example.hello;

  provides dev.rdbss.api.spi.MiniRedirectorProvider with
      com.example.hello.HelloProvider;
}
// end::module[]
