package dev.rdbss.core.netname;

import static org.jetbrains.lincheck.datastructures.ManagedStrategyGuaranteeKt.forClasses;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dev.rdbss.api.ConnectionId;
import dev.rdbss.core.netname.PrefixTable.Kind;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.jetbrains.lincheck.datastructures.StressOptions;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Linearizability of the table under its intended locking (spec §3.3): a {@link
 * ReentrantReadWriteLock} stands in for the engine's {@code TableLock}, writers take it exclusively,
 * readers shared, and the {@link LockCheck} verifies that on every call. {@link
 * PrefixTable#version()} is read with no lock, as the upgrade idiom may.
 *
 * <p>Model checking explores interleavings at the lock operations and at the lock-free version
 * read; the stress run executes the same operations on real threads. A sanity check made while
 * writing this test: with {@code insert} taking no lock, model checking reports a
 * non-linearizable history within the first iterations. Keep the configuration modest: the build runs this on two cores.
 *
 * <p>Runs in its own Surefire execution on the class path (Lincheck pulls Kotlin and attaches its
 * own agent); see {@code rdbss-core/pom.xml}.
 */
@Param(name = "entry", gen = IntGen.class, conf = "0:4")
@Param(name = "name", gen = IntGen.class, conf = "0:3")
public class PrefixTableLincheckTest {

  /** Keys of the five entries the operations insert and remove, by index. */
  private static final String[] KEYS = {
    "\\srv", "\\srv", "\\srv\\share", "\\;X:3e7\\srv\\share", "\\SRV\\share"
  };

  private static final Kind[] KINDS = {
    Kind.SRV_CALL, Kind.NET_ROOT, Kind.NET_ROOT, Kind.V_NET_ROOT, Kind.NET_ROOT
  };

  // Entry 4 duplicates entry 2 (the server part ignores case), so inserts race into refusals too.
  private static final int[] CASE_INSENSITIVE_LENGTHS = {4, 4, 4, 11, 4};

  private static final String[] NAMES = {
    "\\srv\\share\\f", "\\SRV\\share", "\\;x:3E7\\srv\\share\\d", "\\srv\\other"
  };

  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
  private final PrefixTable<String> table = new PrefixTable<>(new ReadWriteLockCheck(lock));
  // The last entry each insert of an index made, guarded by the write lock; may be stale.
  private final Map<Integer, PrefixEntry<String>> handles = new HashMap<>();

  /** The {@link LockCheck} the engine would give: exclusive means the write lock, shared either. */
  private static final class ReadWriteLockCheck implements LockCheck {
    private final ReentrantReadWriteLock lock;

    ReadWriteLockCheck(ReentrantReadWriteLock lock) {
      this.lock = lock;
    }

    @Override
    public void requireHeld(boolean exclusive, String operation) {
      boolean held =
          lock.isWriteLockedByCurrentThread() || (!exclusive && lock.getReadHoldCount() > 0);
      if (!held) {
        throw new IllegalStateException(operation + " without the table lock");
      }
    }
  }

  @Operation
  public String insert(@Param(name = "entry") int i) {
    lock.writeLock().lock();
    try {
      handles.put(
          i,
          table.insert(
              KEYS[i], KINDS[i], "e" + i, ConnectionId.NONE, CASE_INSENSITIVE_LENGTHS[i]));
      return "inserted";
    } catch (DuplicatePrefixException e) {
      return "duplicate";
    } finally {
      lock.writeLock().unlock();
    }
  }

  /** Removes the entry the last insert of {@code i} made, which may have been removed already. */
  @Operation
  public String remove(@Param(name = "entry") int i) {
    lock.writeLock().lock();
    try {
      @Nullable PrefixEntry<String> handle = handles.get(i);
      if (handle == null) {
        return "never inserted";
      }
      table.remove(handle);
      return "removed";
    } catch (ListCorruptionException e) {
      return "list corruption";
    } finally {
      lock.writeLock().unlock();
    }
  }

  @Operation
  public String lookup(@Param(name = "name") int n) {
    lock.readLock().lock();
    try {
      return table
          .lookup(NAMES[n], ConnectionId.NONE)
          .map(m -> m.entry().container() + " + '" + m.remainingName() + "'")
          .orElse("no match");
    } finally {
      lock.readLock().unlock();
    }
  }

  @Operation
  public int size() {
    lock.readLock().lock();
    try {
      return table.size();
    } finally {
      lock.readLock().unlock();
    }
  }

  @Operation
  public long version() {
    return table.version();
  }

  @BeforeAll
  static void onlyOnTheClassPath() {
    // A command-line -Dtest naming this class also reaches the module-path execution; skip there.
    assumeFalse(
        PrefixTableLincheckTest.class.getModule().isNamed(),
        "Lincheck tests run in the 'lincheck' Surefire execution, on the class path");
  }

  @Test
  void modelCheckingUnderReadWriteLock_s3_3() {
    new ModelCheckingOptions()
        .iterations(10)
        .invocationsPerIteration(150)
        // Pure code over immutable values and thread-confined objects: no switch point inside can
        // matter, and without this Lincheck's livelock heuristic mistakes a writer's bounded loops
        // (upper-casing a key, formatting an exception message) for spinning while a waiter parks.
        .addGuarantee(
            forClasses(PrefixTable.class.getName())
                .methods("fold", "equalIgnoringCase", "matches", "sameKey")
                .treatAsAtomic())
        .addGuarantee(
            forClasses(
                    PrefixTable.class.getName() + "$FoldedKey",
                    PrefixEntry.class.getName(),
                    DuplicatePrefixException.class.getName(),
                    ListCorruptionException.class.getName())
                .allMethods()
                .treatAsAtomic())
        .threads(2)
        .actorsPerThread(3)
        .actorsBefore(2)
        .actorsAfter(1)
        .check(getClass());
  }

  @Test
  void stressUnderReadWriteLock_s3_3() {
    new StressOptions()
        .iterations(5)
        .invocationsPerIteration(200)
        .threads(2)
        .actorsPerThread(3)
        .actorsBefore(2)
        .actorsAfter(1)
        .check(getClass());
  }
}
