package com.example.hello;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The example's private device control, sent to {@code \Device\HelloRedirector} through {@code
 * IoSession.openDevice(...).fsctl(...)} (spec §5.1, §5.2 {@code MRxDevFcbXXXControlFile}).
 */
public final class HelloControlCodes {

  /** Replaces the share's files; the input is UTF-8 lines {@code name=content}. */
  public static final int FSCTL_HELLO_PUBLISH = (0x14 << 16) | (0x900 << 2);

  private HelloControlCodes() {}

  /** The input of {@link #FSCTL_HELLO_PUBLISH} for {@code files}. */
  public static byte[] publishInput(Map<String, String> files) {
    StringBuilder sb = new StringBuilder();
    files.forEach((name, content) -> sb.append(name).append('=').append(content).append('\n'));
    return sb.toString().getBytes(StandardCharsets.UTF_8);
  }

  static Map<String, byte[]> parse(byte[] input) {
    Map<String, byte[]> files = new LinkedHashMap<>();
    for (String line : new String(input, StandardCharsets.UTF_8).split("\n")) {
      int eq = line.indexOf('=');
      if (eq > 0) {
        files.put(line.substring(0, eq), line.substring(eq + 1).getBytes(StandardCharsets.UTF_8));
      }
    }
    return files;
  }
}
