package dev.rdbss.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jline.reader.Candidate;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.ParsedLine;
import org.jline.reader.impl.DefaultParser;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code rdbss shell} interactively (issue 9 points 2 and 7): JLine reading a dumb terminal over
 * streams, as a pipe or a CI job would drive it; tab completion; the history file.
 */
class ShellTerminalTest {

  @TempDir Path tmp;

  /** Runs the interactive shell with {@code input} typed on a dumb terminal. */
  private record Session(int status, String screen, String err) {}

  private Session type(String input) {
    ByteArrayOutputStream screen = new ByteArrayOutputStream();
    ShellCommand.TerminalFactory dumb =
        () ->
            TerminalBuilder.builder()
                .system(false)
                .dumb(true)
                .type(Terminal.TYPE_DUMB)
                .encoding(StandardCharsets.UTF_8)
                .streams(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), screen)
                .build();
    CommandLine cli = new CommandLine(new ShellCommand(Runtimes.LEAK_CHECKED, dumb));
    StringWriter err = new StringWriter();
    cli.setErr(new PrintWriter(err, true));
    int status = cli.execute("--history", tmp.resolve("history").toString());
    return new Session(status, screen.toString(StandardCharsets.UTF_8), err.toString());
  }

  @Test
  void typedCommandsRunAndPrintOnTheTerminal_s6_5() {
    Session s =
        type("net use X: \\\\files\\docs\necho typed > X:\\t.txt\ntype X:\\t.txt\nexit\n");

    assertThat(s.status()).isZero();
    assertThat(s.screen())
        .contains("rdbss shell on the embedded server \\\\files")
        .contains("alice \\\\files\\docs> ")
        .contains("The command completed successfully.")
        .contains("typed");
    assertThat(s.err()).isEmpty();
  }

  @Test
  void aLineEndingInABackslashIsACommandNotAContinuation() {
    Session s = type("net use X: \\\\files\\docs\ndir X:\\\nexit\n");

    assertThat(s.screen()).contains(" Directory of X:\\");
  }

  @Test
  void aFailedCommandPrintsOneErrorLineAndTheSessionGoesOn() {
    Session s = type("type \\\\files\\docs\\none.txt\nwhoami\n");

    assertThat(s.status()).isZero();
    assertThat(s.screen())
        .contains("error: \\\\files\\docs\\none.txt: STATUS_OBJECT_NAME_NOT_FOUND (0xC0000034)")
        .containsPattern("(?m)^alice\\r?$");
  }

  @Test
  void endOfInputEndsTheSessionAndTheHistoryIsSaved() throws IOException {
    Session s = type("whoami\nlogon bob\n");

    assertThat(s.status()).isZero();
    assertThat(Files.readString(tmp.resolve("history"))).contains("whoami").contains("logon bob");
  }

  @Test
  void tabCompletesCommandsKeywordsUsersDrivesAndDirectoryEntries() throws IOException {
    try (Machine machine = Machine.embedded(Runtimes.LEAK_CHECKED);
        Terminal terminal =
            TerminalBuilder.builder()
                .system(false)
                .dumb(true)
                .streams(new ByteArrayInputStream(new byte[0]), new ByteArrayOutputStream())
                .build()) {
      Shell shell = new Shell(machine, new PrintWriter(new StringWriter()), Style.plain());
      shell.execute("net use X: \\\\files\\docs");
      shell.execute("mkdir X:\\reports");
      shell.execute("echo q > X:\\reports\\q3.txt");
      shell.execute("echo r > X:\\readme.txt");
      LineReader reader = LineReaderBuilder.builder().terminal(terminal).build();
      ShellCompleter completer = new ShellCompleter(shell);

      assertThat(complete(completer, reader, "t")).contains("type", "tree", "trace");
      assertThat(complete(completer, reader, "server fault d")).contains("disconnect");
      assertThat(complete(completer, reader, "logon ")).contains("alice", "bob");
      assertThat(complete(completer, reader, "dir X")).contains("X:\\");
      assertThat(complete(completer, reader, "type X:\\re")).contains("X:\\reports\\", "X:\\readme.txt");
      assertThat(complete(completer, reader, "type X:\\reports\\")).containsExactly("X:\\reports\\q3.txt");
      assertThat(complete(completer, reader, "type X:\\nowhere\\")).isEmpty();
      shell.logoffAll();
    }
  }

  private static List<String> complete(ShellCompleter completer, LineReader reader, String line) {
    DefaultParser parser = new DefaultParser();
    parser.setEscapeChars(new char[0]);
    ParsedLine parsed = parser.parse(line, line.length(), org.jline.reader.Parser.ParseContext.COMPLETE);
    List<Candidate> candidates = new ArrayList<>();
    completer.complete(reader, parsed, candidates);
    return candidates.stream().map(Candidate::value).toList();
  }
}
