package dev.rdbss.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.rdbss.api.NodeType;
import dev.rdbss.api.NtStatus;
import dev.rdbss.api.observe.ObjectRef;
import dev.rdbss.api.observe.TraceEvent;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The small formats of the command: JSON lines, DOT strings, shell words, addresses, colour. */
class FormatsTest {

  @Test
  void aTraceEventIsOneJsonLineWithEveryFieldAndEscapes() {
    TraceEvent e =
        new TraceEvent(
            7, 99, "worker \"1\"", TraceEvent.Kind.CALLBACK, "\\Device\\X", "create",
            new ObjectRef(NodeType.FCB, 3, "\\files\\a\tb.txt"), 1, 2, NtStatus.PENDING, 1, "line\nbreak");

    assertThat(TraceRecorder.toJson(e))
        .isEqualTo(
            "{\"sequence\":7,\"nanoTime\":99,\"thread\":\"worker \\\"1\\\"\",\"kind\":\"CALLBACK\","
                + "\"device\":\"\\\\Device\\\\X\",\"name\":\"create\","
                + "\"object\":{\"type\":\"FCB\",\"serial\":3,\"name\":\"\\\\files\\\\a\\tb.txt\"},"
                + "\"countBefore\":1,\"countAfter\":2,\"status\":\"PENDING\",\"depth\":1,"
                + "\"detail\":\"line\\nbreak\"}");
  }

  @Test
  void absentObjectAndStatusAreJsonNullAndControlCharactersAreEscaped() {
    TraceEvent e =
        new TraceEvent(1, 0, "t", TraceEvent.Kind.RUNTIME, "", "x\u0001", null, -1, -1, null, 0, "");

    assertThat(TraceRecorder.toJson(e))
        .contains("\"name\":\"x\\u0001\"", "\"object\":null", "\"status\":null");
  }

  @Test
  void aRecordedLineParsesBackToTheSameStrings() throws Exception {
    String awkward = "tab\t quote\" backslash\\ nul\u0000 bell\u0007 é 漢 \uD83D\uDE00";
    TraceEvent e =
        new TraceEvent(3, 5, awkward, TraceEvent.Kind.ROUTINE, "\\Device\\X", awkward,
            new ObjectRef(NodeType.FCB, 9, awkward), 0, 1, null, 2, awkward);

    Map<String, String> strings = new HashMap<>();
    try (JsonParser parser = new JsonFactory().createParser(TraceRecorder.toJson(e))) {
      while (parser.nextToken() != null) {
        if (parser.currentToken() == JsonToken.VALUE_STRING) {
          strings.put(parser.currentName(), parser.getText());
        }
      }
    }
    assertThat(strings)
        .containsEntry("thread", awkward)
        .containsEntry("name", awkward)
        .containsEntry("detail", awkward)
        .containsEntry("device", "\\Device\\X");
    assertThat(TraceRecorder.toJson(e)).doesNotContain("\n");
  }

  @Test
  void dotStringsEscapeBackslashesQuotesAndLineBreaks() {
    assertThat(TreeView.quote("\\\\files\\docs \"q\"\nnext"))
        .isEqualTo("\"\\\\\\\\files\\\\docs \\\"q\\\"\\nnext\"");
  }

  @Test
  void shellWordsKeepBackslashesAndGroupQuotedSpaces() {
    assertThat(Words.split("copy  \"X:\\my file.txt\" \\\\files\\docs\\b.txt"))
        .containsExactly("copy", "X:\\my file.txt", "\\\\files\\docs\\b.txt");
    assertThat(Words.split("   ")).isEmpty();
    assertThatThrownBy(() -> Words.split("type \"X:\\a"))
        .isInstanceOf(ShellException.class)
        .hasMessageContaining("unterminated quote");
  }

  @Test
  void serverAddressesAreSmb2UrisWithAnOptionalPort() {
    assertThat(ServerAddress.parse("smb2://127.0.0.1:4455")).isEqualTo(new ServerAddress("127.0.0.1", 4455));
    assertThat(ServerAddress.parse("smb2://files")).isEqualTo(new ServerAddress("files", 445));
    for (String bad : List.of("files", "smb://files", "smb2://", "smb2://h/share", "smb2://h:x")) {
      assertThatThrownBy(() -> ServerAddress.parse(bad))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void colourOnlyOnAnInteractiveTerminalOutsideCi() {
    assertThat(Style.detect(Map.of("TERM", "xterm"), true).isColoured()).isTrue();
    assertThat(Style.detect(Map.of("TERM", "xterm"), false).isColoured()).as("a pipe").isFalse();
    assertThat(Style.detect(Map.of("CI", "true"), true).isColoured()).as("CI=true").isFalse();
    assertThat(Style.detect(Map.of("CI", "false"), true).isColoured()).as("CI=false").isTrue();
    assertThat(Style.detect(Map.of("NO_COLOR", ""), true).isColoured()).as("NO_COLOR").isFalse();
    assertThat(Style.detect(Map.of("TERM", "dumb"), true).isColoured()).as("dumb").isFalse();
    assertThat(Style.plain().good("x")).isEqualTo("x");
    assertThat(Style.coloured().good("x")).isEqualTo("\u001b[32mx\u001b[0m");
  }
}
