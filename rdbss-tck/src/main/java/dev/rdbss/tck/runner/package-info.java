/**
 * Runs every rule of the kit against a {@link dev.rdbss.tck.TckSubject} through the JUnit platform
 * launcher, with no test code (issue 8 point 7, issue 9 point 3): {@link
 * dev.rdbss.tck.runner.TckRunner} finds subjects through {@code ServiceLoader} and runs them;
 * {@link dev.rdbss.tck.runner.TckReport} prints the summary table and writes the JSON report.
 */
@org.jspecify.annotations.NullMarked
package dev.rdbss.tck.runner;
