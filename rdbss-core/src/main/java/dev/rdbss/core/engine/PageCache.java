package dev.rdbss.core.engine;

import dev.rdbss.api.Condition;
import dev.rdbss.api.FcbState;
import dev.rdbss.api.NtStatus;
import dev.rdbss.api.SrvOpenFlag;
import dev.rdbss.api.StorageType;
import dev.rdbss.api.io.ReadResult;
import dev.rdbss.api.observe.TraceEvent;
import dev.rdbss.api.spi.LowIoOperation;
import dev.rdbss.api.spi.LowIoParameters;
import dev.rdbss.api.spi.MajorFunction;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.WeakHashMap;
import org.jspecify.annotations.Nullable;

/**
 * The wrapper's per-FCB page cache (the role of the Cache Manager under RDBSS; spec §7.1, §7.2
 * step 4, §4.2, §6.6).
 *
 * <p>Reads are served from cached pages when the FCB's buffering state has READCACHING and the
 * handle's SRV_OPEN does not say DONTUSE_READ_CACHING; a missing page is filled by one paging read
 * ({@code lowIoSubmit[READ]} with {@code pagingIo}). Writes stay in the cache (dirty) when the state
 * has WRITECACHING and the SRV_OPEN does not say DONTUSE_WRITE_CACHING; they reach the server as
 * paging writes when the cache is flushed: at a flush request, at cleanup, when write caching is
 * lost (an oplock break), before a write-through, and before every purge.
 *
 * <p>The rule this class keeps: <strong>a purge never drops a write the user saw succeed</strong>.
 * A purge flushes first, and a page whose flush failed stays cached; the caller records the failure
 * (for an orphaned FCB it is reported at the handle's cleanup, §4.2 [S]). Only a truncation of the
 * file (a smaller end of file) removes dirty bytes, the ones past the new end.
 *
 * <p>Every operation runs with the FCB held exclusively by the calling thread; the paging I/O it
 * issues therefore does not take the FCB again ({@link LowIo#submitWithFcbHeld}).
 */
final class PageCache {

  /** The page size; a cache fill reads whole pages. */
  static final int PAGE_SIZE = 4096;

  /** One cached page: its bytes and the dirty range {@code [dirtyFrom, dirtyTo)}. */
  private static final class Page {
    final byte[] data = new byte[PAGE_SIZE];
    int dirtyFrom = PAGE_SIZE;
    int dirtyTo;

    boolean isDirty() {
      return dirtyFrom < dirtyTo;
    }

    void markDirty(int from, int to) {
      dirtyFrom = Math.min(dirtyFrom, from);
      dirtyTo = Math.max(dirtyTo, to);
    }

    void clean() {
      dirtyFrom = PAGE_SIZE;
      dirtyTo = 0;
    }
  }

  /** The cached pages of one FCB, by page index, and the file size they were last checked against. */
  private static final class FileCache {
    final TreeMap<Long, Page> pages = new TreeMap<>();
    long knownSize;

    FileCache(long size) {
      this.knownSize = size;
    }
  }

  /** Which open a cache I/O goes through. */
  private record Route(SrvOpenImpl srvOpen, @Nullable FobxImpl fobx) {}

  private final Engine engine;
  // Weak keys: the cache of an FCB goes with it. Identity semantics (RxNode keeps Object's equals).
  private final Map<FcbImpl, FileCache> files = Collections.synchronizedMap(new WeakHashMap<>());

  PageCache(Engine engine) {
    this.engine = engine;
  }

  // ----------------------------------------------------------------------------- policy (§7.1)

  /** Whether a read through {@code srvOpen} may be served from the cache (§7.1 "Effects"). */
  boolean readAllowed(FcbImpl fcb, SrvOpenImpl srvOpen) {
    return usable(fcb, srvOpen)
        && fcb.hasState(FcbState.READCACHING)
        && !srvOpen.hasFlag(SrvOpenFlag.DONTUSE_READ_CACHING);
  }

  /** Whether a write through {@code srvOpen} may stay in the cache (§7.1 "Effects"). */
  boolean writeAllowed(FcbImpl fcb, SrvOpenImpl srvOpen) {
    return usable(fcb, srvOpen)
        && fcb.hasState(FcbState.WRITECACHING)
        && !srvOpen.hasFlag(SrvOpenFlag.DONTUSE_WRITE_CACHING);
  }

  private static boolean usable(FcbImpl fcb, SrvOpenImpl srvOpen) {
    return fcb.storageType() == StorageType.FILE
        && !fcb.hasState(FcbState.ORPHANED)
        && !fcb.hasState(FcbState.DISABLE_LOCAL_BUFFERING)
        && !fcb.hasState(FcbState.BUFFERING_STATE_CHANGE_PENDING)
        && !srvOpen.hasFlag(SrvOpenFlag.ORPHANED);
  }

  // ------------------------------------------------------------------------ cached read/write

  /** A cached read; pages not yet cached are filled from the server. FCB held exclusively. */
  ReadResult read(FcbImpl fcb, FobxImpl via, long offset, int length) {
    requireHeld(fcb);
    FileCache fc = cacheOf(fcb);
    long size = fcb.fileSize();
    if (offset >= size) {
      return ReadResult.empty(NtStatus.END_OF_FILE);
    }
    int n = (int) Math.min(length, size - offset);
    byte[] out = new byte[n];
    Route route = new Route(via.rawSrvOpen(), via);
    int done = 0;
    while (done < n) {
      long position = offset + done;
      long index = position / PAGE_SIZE;
      int inPage = (int) (position % PAGE_SIZE);
      Page page = fc.pages.get(index);
      if (page == null) {
        NtStatus filled = fill(fcb, fc, index, route);
        if (!filled.isSuccess()) {
          return ReadResult.empty(filled);
        }
        page = fc.pages.get(index);
      }
      int chunk = Math.min(n - done, PAGE_SIZE - inPage);
      System.arraycopy(java.util.Objects.requireNonNull(page).data, inPage, out, done, chunk);
      done += chunk;
    }
    return ReadResult.adopting(NtStatus.SUCCESS, out); // made for this result alone
  }

  /**
   * A buffered write: the bytes land in dirty pages, the file size grows locally. Pages the write
   * only partly covers are filled from the server first (unless they lie past the end of file), so
   * a failed fill leaves nothing changed. FCB held exclusively.
   */
  NtStatus write(FcbImpl fcb, FobxImpl via, long offset, byte[] data) {
    requireHeld(fcb);
    FileCache fc = cacheOf(fcb);
    if (data.length == 0) {
      return NtStatus.SUCCESS;
    }
    long size = fcb.fileSize();
    Route route = new Route(via.rawSrvOpen(), via);
    long end = offset + data.length;
    long first = offset / PAGE_SIZE;
    long last = (end - 1) / PAGE_SIZE;
    for (long index = first; index <= last; index++) {
      long pageStart = index * PAGE_SIZE;
      boolean whole = offset <= pageStart && end >= pageStart + PAGE_SIZE;
      if (!fc.pages.containsKey(index)) {
        if (whole || pageStart >= size) {
          fc.pages.put(index, new Page());
        } else {
          NtStatus filled = fill(fcb, fc, index, route);
          if (!filled.isSuccess()) {
            return filled;
          }
        }
      }
    }
    int done = 0;
    while (done < data.length) {
      long position = offset + done;
      Page page = java.util.Objects.requireNonNull(fc.pages.get(position / PAGE_SIZE));
      int inPage = (int) (position % PAGE_SIZE);
      int chunk = Math.min(data.length - done, PAGE_SIZE - inPage);
      System.arraycopy(data, done, page.data, inPage, chunk);
      page.markDirty(inPage, inPage + chunk);
      done += chunk;
    }
    fcb.extendFileSize(end);
    fc.knownSize = fcb.fileSize();
    if (fcb.hasState(FcbState.FILETIMECACHEING)) {
      fcb.setWriteTimes(engine.device.clock().instant()); // pushed at cleanup (§6.6)
    }
    return NtStatus.SUCCESS;
  }

  /** Reads page {@code index} from the server (paging I/O); past the end of file it is zeros. */
  private NtStatus fill(FcbImpl fcb, FileCache fc, long index, Route route) {
    long pageStart = index * PAGE_SIZE;
    ByteBuffer buffer = ByteBuffer.allocate(PAGE_SIZE);
    RxContextImpl ctx = context(MajorFunction.READ, fcb, route);
    NtStatus status = engine.lowIo.submitWithFcbHeld(ctx, fcb, LowIoOperation.READ,
        new LowIoParameters.ReadWrite(pageStart, PAGE_SIZE, 0, buffer, true));
    Page page = new Page();
    if (status.isSuccess()) {
      int count = (int) Math.max(0, Math.min(PAGE_SIZE, ctx.information()));
      // Bytes the server has past our end of file are not part of the file as we know it.
      long visible = Math.max(0, Math.min(count, fcb.fileSize() - pageStart));
      System.arraycopy(buffer.array(), 0, page.data, 0, (int) visible);
    } else if (!status.equals(NtStatus.END_OF_FILE)) {
      return status;
    }
    fc.pages.put(index, page);
    return NtStatus.SUCCESS;
  }

  // ---------------------------------------------------------------------------- flush, purge

  /**
   * Writes the FCB's dirty pages to the server as paging writes, contiguous dirty runs as one
   * write each, through {@code via} (the handle asking) or else {@code viaSrvOpen} or else any open
   * of the FCB still able to reach the server. FCB held exclusively.
   *
   * @return SUCCESS, or the status of the first write that failed (that data stays dirty)
   */
  NtStatus flush(FcbImpl fcb, @Nullable FobxImpl via, @Nullable SrvOpenImpl viaSrvOpen) {
    FileCache fc = files.get(fcb);
    if (fc == null || fc.pages.values().stream().noneMatch(Page::isDirty)) {
      return NtStatus.SUCCESS;
    }
    requireHeld(fcb);
    trim(fcb, fc);
    Route route = route(fcb, via, viaSrvOpen);
    if (route == null) {
      return NtStatus.UNEXPECTED_NETWORK_ERROR;
    }
    long size = fcb.fileSize();
    for (List<Map.Entry<Long, Page>> run : dirtyRuns(fc)) {
      Map.Entry<Long, Page> head = run.get(0);
      Map.Entry<Long, Page> tail = run.get(run.size() - 1);
      long start = head.getKey() * PAGE_SIZE + head.getValue().dirtyFrom;
      long end = Math.min(size, tail.getKey() * PAGE_SIZE + tail.getValue().dirtyTo);
      if (end > start) {
        byte[] bytes = new byte[(int) (end - start)];
        for (Map.Entry<Long, Page> e : run) {
          long pageStart = e.getKey() * PAGE_SIZE;
          long from = Math.max(start, pageStart);
          long to = Math.min(end, pageStart + PAGE_SIZE);
          if (to > from) {
            System.arraycopy(e.getValue().data, (int) (from - pageStart), bytes,
                (int) (from - start), (int) (to - from));
          }
        }
        RxContextImpl ctx = context(MajorFunction.WRITE, fcb, route);
        NtStatus status = engine.lowIo.submitWithFcbHeld(ctx, fcb, LowIoOperation.WRITE,
            new LowIoParameters.ReadWrite(start, bytes.length, 0, ByteBuffer.wrap(bytes), true));
        if (status.isSuccess() && ctx.information() < bytes.length) {
          status = NtStatus.UNSUCCESSFUL; // a short paging write: the rest is not on the server
        }
        if (!status.isSuccess()) {
          engine.device.tracer().record(TraceEvent.Kind.RUNTIME, engine.device.name(),
              "cacheFlushFailed", fcb.ref(), status,
              "dirty bytes " + start + ".." + end + " stay cached");
          return status;
        }
      }
      run.forEach(e -> e.getValue().clean());
    }
    return NtStatus.SUCCESS;
  }

  /**
   * Drops the FCB's clean pages; pages whose data never reached the server stay (a purge never
   * drops a write the user saw succeed).
   *
   * @return whether the FCB's cache is now empty
   */
  boolean purge(FcbImpl fcb) {
    FileCache fc = files.get(fcb);
    if (fc == null) {
      return true;
    }
    fc.pages.values().removeIf(p -> !p.isDirty());
    if (fc.pages.isEmpty()) {
      files.remove(fcb);
      return true;
    }
    return false;
  }

  /**
   * Flushes the FCB's dirty data to the mini-redirector through any usable open of the FCB, then
   * purges what is cached (§4.2, §2.4, §7.2 step 4). FCB held exclusively.
   *
   * @return SUCCESS, or the status of the failed flush (the data stays cached, nothing is lost)
   */
  public NtStatus flushThenPurge(FcbImpl fcb) {
    return flushThenPurge(fcb, null, null);
  }

  /** Flush, then purge what is clean (§7.2 step 4, §6.6). FCB held exclusively. */
  NtStatus flushThenPurge(FcbImpl fcb, @Nullable FobxImpl via, @Nullable SrvOpenImpl viaSrvOpen) {
    NtStatus flushed = flush(fcb, via, viaSrvOpen);
    purge(fcb);
    return flushed;
  }

  /** Whether the FCB has cached writes not yet on the server. */
  boolean hasDirtyData(FcbImpl fcb) {
    FileCache fc = files.get(fcb);
    return fc != null && fc.pages.values().stream().anyMatch(Page::isDirty);
  }

  /** How many pages the FCB has cached (for tests and the trace). */
  int cachedPages(FcbImpl fcb) {
    FileCache fc = files.get(fcb);
    return fc == null ? 0 : fc.pages.size();
  }

  // -------------------------------------------------------------------------------- helpers

  private FileCache cacheOf(FcbImpl fcb) {
    FileCache fc = files.computeIfAbsent(fcb, f -> new FileCache(f.fileSize()));
    trim(fcb, fc);
    return fc;
  }

  /** The file got smaller (a set end of file): bytes past the new end are no longer the file's. */
  private static void trim(FcbImpl fcb, FileCache fc) {
    long size = fcb.fileSize();
    if (size < fc.knownSize) {
      long keep = (size + PAGE_SIZE - 1) / PAGE_SIZE;
      fc.pages.tailMap(keep, true).clear();
      Page partial = fc.pages.get(size / PAGE_SIZE);
      int cut = (int) (size % PAGE_SIZE);
      if (partial != null && cut > 0) {
        java.util.Arrays.fill(partial.data, cut, PAGE_SIZE, (byte) 0);
        if (partial.isDirty()) {
          partial.dirtyTo = Math.min(partial.dirtyTo, cut);
          if (partial.dirtyFrom >= partial.dirtyTo) {
            partial.clean();
          }
        }
      }
    }
    fc.knownSize = size;
  }

  /** The dirty pages grouped into runs that a single write can carry. */
  private static List<List<Map.Entry<Long, Page>>> dirtyRuns(FileCache fc) {
    List<List<Map.Entry<Long, Page>>> runs = new ArrayList<>();
    List<Map.Entry<Long, Page>> current = null;
    long previous = Long.MIN_VALUE;
    for (Map.Entry<Long, Page> e : fc.pages.entrySet()) {
      Page p = e.getValue();
      if (!p.isDirty()) {
        current = null;
        continue;
      }
      List<Map.Entry<Long, Page>> run = current;
      boolean joins = run != null
          && e.getKey() == previous + 1
          && run.get(run.size() - 1).getValue().dirtyTo == PAGE_SIZE
          && p.dirtyFrom == 0;
      if (run == null || !joins) {
        run = new ArrayList<>();
        runs.add(run);
        current = run;
      }
      run.add(e);
      previous = e.getKey();
    }
    return runs;
  }

  /** The open a cache I/O goes through: the asking handle's, else one that can reach the server. */
  private static @Nullable Route route(
      FcbImpl fcb, @Nullable FobxImpl via, @Nullable SrvOpenImpl viaSrvOpen) {
    if (via != null && !via.rawSrvOpen().hasFlag(SrvOpenFlag.CLOSED)) {
      return new Route(via.rawSrvOpen(), via);
    }
    if (viaSrvOpen != null && !viaSrvOpen.hasFlag(SrvOpenFlag.CLOSED)) {
      return new Route(viaSrvOpen, firstFobx(viaSrvOpen));
    }
    SrvOpenImpl fallback = null;
    for (SrvOpenImpl s : fcb.rawSrvOpens()) {
      if (s.hasFlag(SrvOpenFlag.CLOSED) || s.condition.get() != Condition.GOOD) {
        continue;
      }
      if (!s.hasFlag(SrvOpenFlag.ORPHANED)) {
        return new Route(s, firstFobx(s));
      }
      // Orphaning flushes after marking the opens: an orphaned open still reaches the
      // mini-redirector for this last flush (§4.2 [S]).
      if (fallback == null) {
        fallback = s;
      }
    }
    return fallback == null ? null : new Route(fallback, firstFobx(fallback));
  }

  private static @Nullable FobxImpl firstFobx(SrvOpenImpl srvOpen) {
    List<FobxImpl> fobxs = srvOpen.rawFobxs();
    return fobxs.isEmpty() ? null : fobxs.get(0);
  }

  private RxContextImpl context(MajorFunction function, FcbImpl fcb, Route route) {
    RxContextImpl ctx = RxContextImpl.internal(engine.device, function);
    ctx.setFcb(fcb);
    ctx.setRelevantSrvOpen(route.srvOpen());
    FobxImpl fobx = route.fobx();
    if (fobx != null) {
      ctx.setFobxInternal(fobx);
    }
    return ctx;
  }

  private void requireHeld(FcbImpl fcb) {
    engine.requireExclusive(fcb.resource, "the page cache", "§7.1");
  }
}
