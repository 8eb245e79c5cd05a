package dev.rdbss.cli;

import dev.rdbss.core.RdbssRuntime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * The options that choose the machine a command acts on ({@link Machine}): the embedded simulated
 * server by default, or a real SMB server with {@code --server smb2://host[:port]}, the users
 * {@code --user NAME:PASSWORD} who log on to it and the {@code --share} they map.
 */
final class MachineOptions {

  @Option(
      names = "--server",
      paramLabel = "smb2://HOST[:PORT]",
      description =
          "A real SMB 2/3 server to reach as \\\\files instead of the embedded simulated one.")
  @Nullable String server;

  @Option(
      names = "--user",
      paramLabel = "NAME:PASSWORD",
      description =
          "With --server: a user of that server (give two for the demo). The embedded server has"
              + " alice and bob.")
  List<String> users = new ArrayList<>();

  @Option(
      names = "--share",
      paramLabel = "NAME",
      description = "With --server: the share to map (default: ${DEFAULT-VALUE}).",
      defaultValue = "docs")
  String share = "docs";

  /**
   * Builds the machine.
   *
   * @throws ParameterException for a malformed address or user, or users without a server
   */
  Machine build(CommandLine cmd, Supplier<RdbssRuntime.Builder> runtimes, int usersNeeded) {
    if (server == null) {
      if (!users.isEmpty()) {
        throw new ParameterException(cmd, "--user needs --server (the embedded server has alice and bob)");
      }
      return Machine.embedded(runtimes);
    }
    ServerAddress address;
    try {
      address = ServerAddress.parse(server);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(cmd, e.getMessage());
    }
    Map<String, String> parsed = new LinkedHashMap<>();
    for (String u : users) {
      int colon = u.indexOf(':');
      if (colon <= 0) {
        // The value may hold a password: never echo it.
        throw new ParameterException(cmd, "--user takes NAME:PASSWORD");
      }
      parsed.put(u.substring(0, colon).toLowerCase(Locale.ROOT), u.substring(colon + 1));
    }
    if (parsed.size() < usersNeeded) {
      throw new ParameterException(
          cmd,
          "--server needs "
              + usersNeeded
              + (usersNeeded == 1 ? " user" : " different users")
              + ": --user NAME:PASSWORD");
    }
    return Machine.real(runtimes, address, parsed, share);
  }
}
