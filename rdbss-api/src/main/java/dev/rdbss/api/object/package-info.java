/**
 * Views of the objects RDBSS owns (spec §1.1): {@link dev.rdbss.api.object.SrvCall},
 * {@link dev.rdbss.api.object.NetRoot}, {@link dev.rdbss.api.object.VNetRoot},
 * {@link dev.rdbss.api.object.Fcb}, {@link dev.rdbss.api.object.SrvOpen} and
 * {@link dev.rdbss.api.object.Fobx}.
 *
 * <p>A view is read-only except for the fields Windows lets a mini-redirector write
 * (ARCHITECTURE.md §3.2). Using a view after its object was freed is a bugcheck (use after free),
 * never a silent read of stale state.
 */
@NullMarked
package dev.rdbss.api.object;

import org.jspecify.annotations.NullMarked;
