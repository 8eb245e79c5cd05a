package dev.rdbss.cli;

import static dev.rdbss.cli.TestProviders.row;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProviderTableTest {

  private static List<String> print(List<dev.rdbss.core.DiscoveredProvider> providers) {
    StringWriter out = new StringWriter();
    ProviderTable.print(new PrintWriter(out), providers);
    return out.toString().lines().toList();
  }

  @Test
  void columnsArePaddedToTheWidestCellWithTwoSpacesBetween() {
    List<String> lines =
        print(
            List.of(
                row(
                    "echo",
                    "\\Device\\EchoRedirector",
                    "dev.rdbss.testplugin.echo",
                    "0.1.0",
                    "/p/echo.jar"),
                row("smb-long-name", "\\Device\\Smb", "m", "unknown", "/p/smb.jar")));

    assertThat(lines)
        .containsExactly(
            "NAME           DEVICE                  MODULE                     VERSION  LOCATION",
            "echo           \\Device\\EchoRedirector  dev.rdbss.testplugin.echo  0.1.0   "
                + " /p/echo.jar",
            "smb-long-name  \\Device\\Smb             m                          unknown "
                + " /p/smb.jar");
  }

  @Test
  void rowsKeepTheProviderOrderTheyAreGiven() {
    List<String> lines =
        print(
            List.of(
                row("zeta", "\\Device\\Z", "z", "1", "/z.jar"),
                row("alpha", "\\Device\\A", "a", "1", "/a.jar")));

    assertThat(lines).hasSize(3);
    assertThat(lines.get(1)).startsWith("zeta ");
    assertThat(lines.get(2)).startsWith("alpha ");
  }

  @Test
  void noProvidersPrintsTheHeaderAlone() {
    assertThat(print(List.of())).containsExactly("NAME  DEVICE  MODULE  VERSION  LOCATION");
  }

  @Test
  void theLastColumnIsNotPaddedSoNoLineEndsInBlanks() {
    List<String> lines =
        print(
            List.of(
                row("a", "\\Device\\A", "a", "1", "/a-very-long-location/plugin.jar"),
                row("b", "\\Device\\B", "b", "1", "/b.jar")));

    assertThat(lines).allSatisfy(line -> assertThat(line).doesNotEndWith(" "));
    assertThat(lines.get(2)).endsWith("  /b.jar");
  }
}
