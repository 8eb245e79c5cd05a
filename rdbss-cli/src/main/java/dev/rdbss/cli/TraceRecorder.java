package dev.rdbss.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.rdbss.api.NtStatus;
import dev.rdbss.api.observe.ObjectRef;
import dev.rdbss.api.observe.TraceEvent;
import dev.rdbss.api.observe.TraceListener;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/**
 * {@code --record FILE}: writes every trace event (ARCHITECTURE.md §3.5) as one JSON object per
 * line, in recording order, so that a run can be replayed in a viewer or searched with {@code jq}.
 *
 * <pre>{@code
 * {"sequence":42,"nanoTime":1234,"thread":"main","kind":"ROUTINE","device":"\\Device\\SmbSimRedirector",
 *  "name":"forceFinalizeAllVNetRoots","object":{"type":"NET_ROOT","serial":3,"name":"\\files\\docs"},
 *  "countBefore":2,"countAfter":1,"status":null,"depth":0,"detail":""}
 * }</pre>
 *
 * <p>Events never hold credentials (the trace's own rule), so the file holds none either. A
 * listener is called on the thread that made the call, from many threads, so writes are
 * serialized here; a write error is kept and reported when the recorder closes, never thrown into
 * the runtime.
 */
final class TraceRecorder implements TraceListener, AutoCloseable {

  private static final JsonFactory JSON = new JsonFactory();

  private final Path file;
  private final Writer out;
  private long written;
  private @Nullable IOException failure;

  private TraceRecorder(Path file, Writer out) {
    this.file = file;
    this.out = out;
  }

  /** Creates (or truncates) {@code file}. */
  static TraceRecorder open(Path file) throws IOException {
    BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
    return new TraceRecorder(file, out);
  }

  @Override
  public synchronized void onEvent(TraceEvent event) {
    if (failure != null) {
      return;
    }
    try {
      out.write(toJson(event));
      out.write('\n');
      written++;
    } catch (IOException e) {
      failure = e;
    }
  }

  /** How many events were written. */
  synchronized long written() {
    return written;
  }

  Path file() {
    return file;
  }

  /**
   * Flushes and closes the file.
   *
   * @throws UncheckedIOException when a write failed, naming the file
   */
  @Override
  public synchronized void close() {
    try {
      out.close();
    } catch (IOException e) {
      if (failure == null) {
        failure = e;
      }
    }
    IOException f = failure;
    if (f != null) {
      throw new UncheckedIOException("cannot write the trace to " + file + ": " + f.getMessage(), f);
    }
  }

  /** One event as a JSON object on one line. */
  static String toJson(TraceEvent e) {
    StringWriter text = new StringWriter(200);
    try (JsonGenerator json = JSON.createGenerator(text)) {
      json.writeStartObject();
      json.writeNumberField("sequence", e.sequence());
      json.writeNumberField("nanoTime", e.nanoTime());
      json.writeStringField("thread", e.thread());
      json.writeStringField("kind", e.kind().name());
      json.writeStringField("device", e.device());
      json.writeStringField("name", e.name());
      ObjectRef ref = e.object();
      if (ref == null) {
        json.writeNullField("object");
      } else {
        json.writeObjectFieldStart("object");
        json.writeStringField("type", ref.type().name());
        json.writeNumberField("serial", ref.serialNumber());
        json.writeStringField("name", ref.name());
        json.writeEndObject();
      }
      json.writeNumberField("countBefore", e.countBefore());
      json.writeNumberField("countAfter", e.countAfter());
      NtStatus status = e.status();
      if (status == null) {
        json.writeNullField("status");
      } else {
        json.writeStringField("status", status.name());
      }
      json.writeNumberField("depth", e.depth());
      json.writeStringField("detail", e.detail());
      json.writeEndObject();
    } catch (IOException impossible) {
      throw new UncheckedIOException(impossible); // a StringWriter does not fail
    }
    return text.toString();
  }
}
