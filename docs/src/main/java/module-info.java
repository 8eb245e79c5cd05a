// tag::module[]
/** A mini-redirector serving a share from memory: the guide's worked example. */
module com.example.hello {
  requires dev.rdbss.api;
  requires static dev.rdbss.tck; // the subject of step 7: compile time only

  exports com.example.hello;

  provides dev.rdbss.api.spi.MiniRedirectorProvider with
      com.example.hello.HelloProvider;
}
// end::module[]
