package dev.rdbss.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a shell line into words as {@code cmd.exe} does for the commands the shell knows:
 * whitespace separates words, double quotes group a word with spaces, and a backslash is an
 * ordinary character (Windows paths are full of them).
 */
final class Words {

  private Words() {}

  /**
   * The words of {@code line}.
   *
   * @throws ShellException for an unterminated quote
   */
  static List<String> split(String line) {
    List<String> words = new ArrayList<>();
    StringBuilder word = new StringBuilder();
    boolean inWord = false;
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (c == '"') {
        quoted = !quoted;
        inWord = true;
      } else if (Character.isWhitespace(c) && !quoted) {
        if (inWord) {
          words.add(word.toString());
          word.setLength(0);
          inWord = false;
        }
      } else {
        word.append(c);
        inWord = true;
      }
    }
    if (quoted) {
      throw new ShellException("unterminated quote in: " + line);
    }
    if (inWord) {
      words.add(word.toString());
    }
    return words;
  }
}
