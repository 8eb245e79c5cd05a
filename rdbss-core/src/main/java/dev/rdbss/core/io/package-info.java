/**
 * Internal: the simulated user mode and I/O manager (ARCHITECTURE.md §3.4). Logon sessions with
 * their drive mappings, MUP's provider selection (spec §6.1), and the handles a host holds; every
 * request goes to a device's {@link dev.rdbss.core.engine.Fsd}.
 */
@NullMarked
package dev.rdbss.core.io;

import org.jspecify.annotations.NullMarked;
