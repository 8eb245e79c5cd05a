package dev.rdbss.cli;

import dev.rdbss.core.DiscoveredProvider;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code rdbss providers} table: one row per mini-redirector, in provider order, with the facts
 * a user needs when a plugin "is not picked up" or is picked up from the wrong jar.
 *
 * <pre>
 * NAME  DEVICE                   MODULE                     VERSION         LOCATION
 * echo  \Device\EchoRedirector   dev.rdbss.testplugin.echo  0.1.0-SNAPSHOT  /plugins/echo.jar
 * </pre>
 *
 * <p>Columns are separated by two spaces and padded to the widest cell; the last column is not
 * padded, so that no line ends in blanks and a location with spaces stays readable.
 */
final class ProviderTable {

  static final List<String> HEADER = List.of("NAME", "DEVICE", "MODULE", "VERSION", "LOCATION");
  private static final String GAP = "  ";

  private ProviderTable() {}

  /** Prints the header and one row per provider. */
  static void print(PrintWriter out, List<DiscoveredProvider> providers) {
    List<List<String>> rows = new ArrayList<>();
    rows.add(HEADER);
    for (DiscoveredProvider p : providers) {
      rows.add(List.of(p.name(), p.deviceName(), p.module(), p.version(), p.location()));
    }
    int[] widths = new int[HEADER.size()];
    for (List<String> row : rows) {
      for (int i = 0; i < widths.length; i++) {
        widths[i] = Math.max(widths[i], row.get(i).length());
      }
    }
    for (List<String> row : rows) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < widths.length; i++) {
        String cell = row.get(i);
        line.append(cell);
        if (i < widths.length - 1) {
          line.append(" ".repeat(widths[i] - cell.length())).append(GAP);
        }
      }
      out.println(line);
    }
    out.flush();
  }
}
