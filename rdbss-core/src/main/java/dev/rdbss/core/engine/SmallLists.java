package dev.rdbss.core.engine;

import java.util.List;

/**
 * Copy-on-write immutable lists for the engine's per-object lists (an FCB's SRV_OPENs, a
 * SRV_OPEN's FOBXs): most hold one element or none, so an {@code ArrayList} with its ten-slot array
 * per object was most of their memory (rdbss-bench, memory per open handle). An empty list is the
 * shared {@code List.of()}, one element costs a 24-byte {@code List.of(e)}; readers get the
 * immutable list itself, no copy. Elements are compared with {@code equals}, as {@code
 * ArrayList.remove} does (the engine's objects keep identity equality).
 */
final class SmallLists {

  private SmallLists() {}

  /** {@code list} with {@code element} appended. */
  static <T> List<T> with(List<T> list, T element) {
    int n = list.size();
    if (n == 0) {
      return List.of(element);
    }
    if (n == 1) {
      return List.of(list.get(0), element);
    }
    Object[] all = list.toArray(new Object[n + 1]);
    all[n] = element;
    @SuppressWarnings("unchecked")
    List<T> result = (List<T>) List.of(all);
    return result;
  }

  /** {@code list} without the first occurrence of {@code element}; {@code list} itself if absent. */
  static <T> List<T> without(List<T> list, T element) {
    int index = list.indexOf(element);
    if (index < 0) {
      return list;
    }
    int n = list.size();
    if (n == 1) {
      return List.of();
    }
    if (n == 2) {
      return List.of(list.get(1 - index));
    }
    Object[] rest = new Object[n - 1];
    for (int i = 0, j = 0; i < n; i++) {
      if (i != index) {
        rest[j++] = list.get(i);
      }
    }
    @SuppressWarnings("unchecked")
    List<T> result = (List<T>) List.of(rest);
    return result;
  }
}
