package dev.rdbss.cli;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jline.reader.Candidate;
import org.jline.reader.Completer;
import org.jline.reader.LineReader;
import org.jline.reader.ParsedLine;

/**
 * Tab completion for {@code rdbss shell}: command names, each command's keywords ({@code net use},
 * {@code /delete}, {@code server fault disconnect}, user names), and paths: mapped drives and the
 * entries of the directory being typed, listed through the simulated machine as the user.
 */
final class ShellCompleter implements Completer {

  private static final Map<String, List<String>> KEYWORDS =
      Map.of(
          "net", List.of("use"),
          "server", List.of("fault", "restart"),
          "tree", List.of("--dot"),
          "csc", List.of("status", "offline", "online", "sync", "pin"));

  private static final List<String> FAULTS =
      List.of("latency", "disconnect", "fail", "clear", "restart");

  private static final List<String> PATH_COMMANDS =
      List.of("cd", "dir", "type", "copy", "del", "erase", "mkdir", "md", "rmdir", "rd", "ren",
          "rename", "echo");

  private final Shell shell;

  ShellCompleter(Shell shell) {
    this.shell = shell;
  }

  @Override
  public void complete(LineReader reader, ParsedLine line, List<Candidate> candidates) {
    List<String> words = line.words();
    int index = line.wordIndex();
    if (index == 0) {
      shell.commandNames().forEach(n -> candidates.add(new Candidate(n)));
      return;
    }
    String command = words.get(0).toLowerCase(Locale.ROOT);
    if (command.equals("server") && index == 2 && words.get(1).equalsIgnoreCase("fault")) {
      FAULTS.forEach(f -> candidates.add(new Candidate(f)));
      return;
    }
    if (command.equals("logon") && index == 1) {
      shell.userNames().forEach(u -> candidates.add(new Candidate(u)));
      return;
    }
    if (command.equals("net") && index >= 2) {
      if (index == 2) {
        shell.mappedDrives().forEach(d -> candidates.add(new Candidate(d)));
      } else {
        for (String option : List.of("/delete", "/force", "/user:")) {
          candidates.add(new Candidate(option, option, null, null, null, null, !option.endsWith(":")));
        }
      }
      return;
    }
    List<String> keywords = KEYWORDS.get(command);
    if (keywords != null && index == 1) {
      keywords.forEach(k -> candidates.add(new Candidate(k)));
      return;
    }
    if (PATH_COMMANDS.contains(command)) {
      for (Shell.PathCompletion p : shell.completePath(line.word())) {
        candidates.add(
            new Candidate(p.path(), p.display(), null, null, null, null, !p.directory()));
      }
    }
  }
}
