package dev.rdbss.cli;

import dev.rdbss.api.observe.ObjectRef;
import dev.rdbss.api.observe.TraceEvent;
import dev.rdbss.api.observe.TraceListener;
import java.io.BufferedWriter;
import java.io.IOException;
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
    StringBuilder sb = new StringBuilder(200);
    sb.append('{');
    field(sb, "sequence").append(e.sequence()).append(',');
    field(sb, "nanoTime").append(e.nanoTime()).append(',');
    field(sb, "thread");
    string(sb, e.thread()).append(',');
    field(sb, "kind");
    string(sb, e.kind().name()).append(',');
    field(sb, "device");
    string(sb, e.device()).append(',');
    field(sb, "name");
    string(sb, e.name()).append(',');
    field(sb, "object");
    ObjectRef ref = e.object();
    if (ref == null) {
      sb.append("null");
    } else {
      sb.append('{');
      field(sb, "type");
      string(sb, ref.type().name()).append(',');
      field(sb, "serial").append(ref.serialNumber()).append(',');
      field(sb, "name");
      string(sb, ref.name()).append('}');
    }
    sb.append(',');
    field(sb, "countBefore").append(e.countBefore()).append(',');
    field(sb, "countAfter").append(e.countAfter()).append(',');
    field(sb, "status");
    if (e.status() == null) {
      sb.append("null");
    } else {
      string(sb, e.status().name());
    }
    sb.append(',');
    field(sb, "depth").append(e.depth()).append(',');
    field(sb, "detail");
    string(sb, e.detail());
    return sb.append('}').toString();
  }

  private static StringBuilder field(StringBuilder sb, String name) {
    return string(sb, name).append(':');
  }

  /** A JSON string literal (RFC 8259 §7): quotes, backslashes and control characters escaped. */
  static StringBuilder string(StringBuilder sb, String s) {
    sb.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"':
          sb.append("\\\"");
          break;
        case '\\':
          sb.append("\\\\");
          break;
        case '\n':
          sb.append("\\n");
          break;
        case '\r':
          sb.append("\\r");
          break;
        case '\t':
          sb.append("\\t");
          break;
        default:
          if (c < 0x20) {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
      }
    }
    return sb.append('"');
  }
}
