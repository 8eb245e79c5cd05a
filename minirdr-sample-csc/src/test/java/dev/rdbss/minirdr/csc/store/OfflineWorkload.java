package dev.rdbss.minirdr.csc.store;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * A seeded sequence of offline changes for the kill test (issue 7 point 5(a)). Change {@code i} is
 * a function of the seed, {@code i} and the files that exist before it, so the child process (which
 * makes the changes) and the test (which predicts the result) compute the same change without
 * talking to each other, even across kills and restarts.
 */
final class OfflineWorkload {

  static final Instant NOW = Instant.parse("2026-03-01T09:00:00Z");
  static final String LOGON = "alice";
  static final CacheKey ROOT = CacheKey.of(LOGON, "srv", "share", "\\");

  private static final List<String> NAMES =
      List.of("\\f0", "\\f1", "\\f2", "\\f3", "\\f4", "\\d\\g0", "\\d\\g1", "\\d\\g2");
  private static final String FOLDER = "\\d";

  /** A file or folder of the model: path to content ({@code null} for a folder). */
  static final class State {
    final TreeMap<String, byte @Nullable []> nodes = new TreeMap<>();

    State copy() {
      State s = new State();
      for (Map.Entry<String, byte @Nullable []> e : nodes.entrySet()) {
        byte[] v = e.getValue();
        s.nodes.put(e.getKey(), v == null ? null : v.clone());
      }
      return s;
    }

    List<String> files() {
      List<String> files = new ArrayList<>();
      nodes.forEach((k, v) -> {
        if (v != null) {
          files.add(k);
        }
      });
      return files;
    }

    boolean sameAs(State other) {
      if (!nodes.keySet().equals(other.nodes.keySet())) {
        return false;
      }
      for (String k : nodes.keySet()) {
        byte[] a = nodes.get(k);
        byte[] b = other.nodes.get(k);
        if (a == null ? b != null : b == null || !Arrays.equals(a, b)) {
          return false;
        }
      }
      return true;
    }

    @Override
    public String toString() {
      StringBuilder sb = new StringBuilder("{");
      nodes.forEach((k, v) -> sb.append(k).append('=')
          .append(v == null ? "<dir>" : new String(v, java.nio.charset.StandardCharsets.ISO_8859_1))
          .append(' '));
      return sb.append('}').toString();
    }
  }

  /** One change. */
  record Change(JournalOp op, String path, @Nullable String target, long offset, byte[] data,
      long size) {
    @Override
    public String toString() {
      return op + " " + path + (target != null ? " -> " + target : "")
          + (op == JournalOp.WRITE ? " @" + offset + "+" + data.length : "")
          + (op == JournalOp.SET_SIZE ? " size " + size : "")
          + (op == JournalOp.CONTENT ? " content " + data.length : "");
    }
  }

  private OfflineWorkload() {}

  /** The state a cache holds for {@link #LOGON} on the share. */
  static State stateOf(CacheStore store) throws IOException {
    State s = new State();
    for (CacheEntry e : store.entries(LOGON)) {
      s.nodes.put(e.key().path(), e.directory() ? null : store.read(e.key(), 0, Integer.MAX_VALUE));
    }
    return s;
  }

  /** Change {@code index} of the sequence {@code seed}, given the state before it. */
  static Change next(State state, long seed, int index) {
    SplittableRandom r = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + index);
    List<String> files = state.files();
    int roll = r.nextInt(100);
    if (files.isEmpty() || roll < 10) {
      String name = absentName(state, r);
      if (name != null) {
        return new Change(JournalOp.CREATE, name, null, 0, new byte[0], 0);
      }
    }
    if (roll >= 10 && roll < 14 && !state.nodes.containsKey(FOLDER)) {
      return new Change(JournalOp.MKDIR, FOLDER, null, 0, new byte[0], 0);
    }
    if (files.isEmpty()) {
      return new Change(JournalOp.MKDIR, FOLDER, null, 0, new byte[0], 0);
    }
    String file = files.get(r.nextInt(files.size()));
    byte[] content = state.nodes.get(file);
    int size = content == null ? 0 : content.length;
    if (roll >= 60 && roll < 70) {
      return new Change(JournalOp.SET_SIZE, file, null, 0, new byte[0], r.nextInt(size + 32));
    }
    if (roll >= 70 && roll < 76) {
      return new Change(JournalOp.CONTENT, file, null, 0, bytes(r, r.nextInt(80)), 0);
    }
    if (roll >= 76 && roll < 88) {
      String target = absentName(state, r);
      if (target != null) {
        return new Change(JournalOp.RENAME, file, target, 0, new byte[0], 0);
      }
    }
    if (roll >= 88) {
      boolean folderEmpty =
          state.nodes.containsKey(FOLDER)
              && state.nodes.keySet().stream().noneMatch(k -> k.startsWith(FOLDER + "\\"));
      return new Change(JournalOp.DELETE, folderEmpty && r.nextBoolean() ? FOLDER : file, null, 0,
          new byte[0], 0);
    }
    return new Change(JournalOp.WRITE, file, null, r.nextInt(size + 16), bytes(r, 1 + r.nextInt(64)),
        0);
  }

  private static @Nullable String absentName(State state, SplittableRandom r) {
    List<String> candidates = new ArrayList<>();
    for (String n : NAMES) {
      boolean parentThere = !n.startsWith(FOLDER + "\\") || state.nodes.containsKey(FOLDER);
      if (parentThere && !state.nodes.containsKey(n)) {
        candidates.add(n);
      }
    }
    return candidates.isEmpty() ? null : candidates.get(r.nextInt(candidates.size()));
  }

  private static byte[] bytes(SplittableRandom r, int n) {
    byte[] b = new byte[n];
    for (int i = 0; i < n; i++) {
      b[i] = (byte) ('a' + r.nextInt(26));
    }
    return b;
  }

  /** Applies {@code c} to the model. */
  static void apply(State s, Change c) {
    switch (c.op()) {
      case CREATE:
        s.nodes.put(c.path(), new byte[0]);
        break;
      case MKDIR:
        s.nodes.put(c.path(), null);
        break;
      case WRITE:
        {
          byte[] old = Objects.requireNonNull(s.nodes.get(c.path()), c.path());
          byte[] grown = Arrays.copyOf(old, (int) Math.max(old.length, c.offset() + c.data().length));
          System.arraycopy(c.data(), 0, grown, (int) c.offset(), c.data().length);
          s.nodes.put(c.path(), grown);
          break;
        }
      case SET_SIZE:
        s.nodes.put(c.path(), Arrays.copyOf(s.nodes.get(c.path()), (int) c.size()));
        break;
      case CONTENT:
        s.nodes.put(c.path(), c.data().clone());
        break;
      case RENAME:
        s.nodes.put(c.target(), s.nodes.remove(c.path()));
        break;
      case DELETE:
        s.nodes.remove(c.path());
        break;
      default:
        throw new IllegalArgumentException(c.op().name());
    }
  }

  /** Makes change {@code c} through the store, offline: acknowledged when this returns. */
  static void apply(CacheStore store, Change c) throws IOException {
    CacheKey key = ROOT.withPath(c.path());
    switch (c.op()) {
      case CREATE:
        store.create(key, EntryInfo.newFile(NOW, 0x20), ChangeMode.OFFLINE);
        break;
      case MKDIR:
        store.create(key, EntryInfo.newDirectory(NOW, 0x10), ChangeMode.OFFLINE);
        break;
      case WRITE:
        store.write(key, c.offset(), c.data(), NOW, ChangeMode.OFFLINE);
        break;
      case SET_SIZE:
        store.setSize(key, c.size(), NOW, ChangeMode.OFFLINE);
        break;
      case CONTENT:
        store.replaceContent(key, c.data(), NOW, ChangeMode.OFFLINE);
        break;
      case RENAME:
        store.rename(key, Objects.requireNonNull(c.target()), false, ChangeMode.OFFLINE);
        break;
      case DELETE:
        store.delete(key, ChangeMode.OFFLINE);
        break;
      default:
        throw new IllegalArgumentException(c.op().name());
    }
  }
}
