/**
 * The host API, the simulated user mode (ARCHITECTURE.md §3.4): a program logs on, opens files by
 * Windows path, maps drives with {@code net use}, and reaches a plugin's control commands through
 * its device. Results carry an {@link dev.rdbss.api.NtStatus}.
 */
@NullMarked
package dev.rdbss.api.io;

import org.jspecify.annotations.NullMarked;
