package dev.rdbss.tck;

import dev.rdbss.api.spi.RdbssClock;
import java.nio.file.Path;

/**
 * What the kit hands a {@link TckSubject} when it starts a fixture (issue 8 point 1).
 *
 * @param clock the clock the runtime will run on: a manual one, so that servers with timers
 *     (oplock break timeouts, latency) move only when the kit moves it
 * @param workDirectory an empty scratch folder for this rule, deleted afterwards
 * @param seed the rule's seed, for fixtures that randomize anything
 */
public record TckEnvironment(RdbssClock clock, Path workDirectory, long seed) {}
