package dev.rdbss.it;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the real {@code rdbss} program in a child JVM on a real module path, the way {@code
 * bin/rdbss} does but without {@code -Dguice_bytecode_gen_option}: the runtime must set that
 * itself. Native access for JLine and SQLite is allowed as {@code bin/rdbss} allows it (JDK 22+
 * warns otherwise, and the tests fail on any JVM warning).
 */
final class CliProcess {

  static final Duration TIMEOUT = Duration.ofSeconds(60);

  /** What a run printed and how it ended. */
  record Result(List<String> command, int status, String out, String err) {
    List<String> outLines() {
      return out.lines().toList();
    }

    List<String> errLines() {
      return err.lines().toList();
    }

    /** The lines a command reports as errors. */
    List<String> errorLines() {
      return err.lines().filter(l -> l.startsWith("error: ")).toList();
    }

    @Override
    public String toString() {
      return String.join(" ", command)
          + "\n-> exit "
          + status
          + "\n--- stdout\n"
          + out
          + "--- stderr\n"
          + err;
    }
  }

  private CliProcess() {}

  /** Runs {@code rdbss args…}; output is kept in files under {@code scratch}. */
  static Result run(Path scratch, String... args) {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    List<String> command = new ArrayList<>();
    command.add(java.toString());
    command.add("--enable-native-access=org.jline.nativ,org.xerial.sqlitejdbc");
    command.add("--module-path");
    command.add(BuiltJars.lib().toString());
    command.add("--module");
    command.add("dev.rdbss.cli/dev.rdbss.cli.RdbssCli");
    command.addAll(List.of(args));
    try {
      Path out = Files.createTempFile(scratch, "stdout", ".txt");
      Path err = Files.createTempFile(scratch, "stderr", ".txt");
      ProcessBuilder builder =
          new ProcessBuilder(command)
              .directory(BuiltJars.baseDir().toFile())
              // Files, not pipes: a child that writes more than a pipe holds can never block.
              .redirectOutput(out.toFile())
              .redirectError(err.toFile());
      // Options injected from the environment would print "Picked up …" and change the JVM under
      // test; the launch must be what a user's plain shell gets.
      Map<String, String> env = builder.environment();
      env.remove("JAVA_TOOL_OPTIONS");
      env.remove("JDK_JAVA_OPTIONS");
      env.remove("_JAVA_OPTIONS");
      Process process = builder.start();
      if (!process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        fail("%s did not finish within %s; stderr so far:%n%s", command, TIMEOUT, read(err));
      }
      return new Result(command, process.exitValue(), read(out), read(err));
    } catch (IOException e) {
      throw new AssertionError("cannot start " + command, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while waiting for " + command, e);
    }
  }

  private static String read(Path file) throws IOException {
    return Files.readString(file, StandardCharsets.UTF_8);
  }
}
