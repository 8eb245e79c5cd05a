package com.example.hello;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Issue 9 point 6: every code block of {@code guide.md} is identical to its tagged region in a
 * compiled, tested source of this module, so the guide cannot drift from code that builds and
 * passes. A block names its region on the line before it:
 *
 * <pre>
 * &lt;!-- snippet: src/main/java/com/example/hello/HelloProvider.java#provider --&gt;
 * ```java
 * ...
 * ```
 * </pre>
 *
 * <p>The region is the lines between {@code tag::provider[]} and {@code end::provider[]}, with
 * their common indentation removed. Only {@code mermaid} blocks (diagrams, not code) have no region.
 */
class GuideSnippetsTest {

  static final Path GUIDE = Path.of("guide.md");

  private static final Pattern MARKER = Pattern.compile("<!-- snippet: (\\S+)#(\\S+) -->");

  /** A fenced block: its language, its text, the line before it, the line of its fence. */
  record Block(String language, String text, String marker, int line) {}

  static List<Block> blocks(List<String> lines) {
    List<Block> blocks = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      if (!line.startsWith("```")) {
        continue;
      }
      String language = line.substring(3).trim();
      String marker = i > 0 ? lines.get(i - 1).trim() : "";
      StringBuilder text = new StringBuilder();
      int fence = i + 1; // 1-based, as an editor shows it
      i++;
      while (i < lines.size() && !lines.get(i).startsWith("```")) {
        text.append(lines.get(i)).append('\n');
        i++;
      }
      blocks.add(new Block(language, text.toString(), marker, fence));
    }
    return blocks;
  }

  static String region(Path file, String tag) throws IOException {
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    int begin = -1;
    int end = -1;
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).contains("tag::" + tag + "[]")) {
        assertThat(begin).as("tag %s appears once in %s", tag, file).isEqualTo(-1);
        begin = i;
      } else if (lines.get(i).contains("end::" + tag + "[]")) {
        end = i;
      }
    }
    assertThat(begin).as("tag::%s[] in %s", tag, file).isNotNegative();
    assertThat(end).as("end::%s[] in %s", tag, file).isGreaterThan(begin);
    List<String> body = lines.subList(begin + 1, end);
    int indent =
        body.stream()
            .filter(l -> !l.isBlank())
            .mapToInt(l -> l.length() - l.stripLeading().length())
            .min()
            .orElse(0);
    StringBuilder sb = new StringBuilder();
    for (String l : body) {
      sb.append(l.isBlank() ? "" : l.substring(indent)).append('\n');
    }
    return sb.toString();
  }

  @Test
  void everyCodeBlockOfTheGuideIsItsTaggedRegion() throws IOException {
    List<Block> blocks = blocks(Files.readAllLines(GUIDE, StandardCharsets.UTF_8));
    assertThat(blocks).as("code blocks in %s", GUIDE).hasSizeGreaterThan(8);
    for (Block b : blocks) {
      if (b.language().equals("mermaid")) {
        continue;
      }
      Matcher m = MARKER.matcher(b.marker());
      assertThat(m.matches())
          .as("line %d of %s: a %s block needs '<!-- snippet: FILE#TAG -->' on the line before it,"
              + " found '%s'", b.line(), GUIDE, b.language(), b.marker())
          .isTrue();
      Path source = Path.of(m.group(1));
      assertThat(source).as("line %d: snippet source", b.line()).isRegularFile();
      assertThat(b.text())
          .as("line %d of %s: the block differs from %s#%s", b.line(), GUIDE, source, m.group(2))
          .isEqualTo(region(source, m.group(2)));
    }
  }

  @Test
  void theRegionReaderFindsAndUnindentsATaggedRegion() throws IOException {
    Path f = Files.createTempFile("region", ".java");
    try {
      Files.writeString(f, "class A {\n  // tag::x[]\n  void a() {\n\n    b();\n  }\n  // end::x[]\n}\n");
      assertThat(region(f, "x")).isEqualTo("void a() {\n\n  b();\n}\n");
    } finally {
      Files.delete(f);
    }
  }

  @Test
  void theBlockReaderSeesMarkersAndLanguages() {
    List<Block> b =
        blocks(List.of("text", "<!-- snippet: a.java#t -->", "```java", "x", "```", "```mermaid", "g", "```"));
    assertThat(b).containsExactly(
        new Block("java", "x\n", "<!-- snippet: a.java#t -->", 3),
        new Block("mermaid", "g\n", "```", 6));
  }
}
