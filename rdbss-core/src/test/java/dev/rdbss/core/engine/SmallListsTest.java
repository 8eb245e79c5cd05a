package dev.rdbss.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The copy-on-write lists behind an FCB's SRV_OPEN list and a SRV_OPEN's FOBX list (§1.1): order
 * kept, the first occurrence removed, the same list back when nothing was removed (the caller's
 * "was it linked" answer), and never a list a reader could change.
 */
class SmallListsTest {

  @Test
  void appendsInOrderAndRemovesTheFirstOccurrence_s1_1() {
    List<String> list = List.of();
    for (String s : List.of("a", "b", "c", "b")) {
      list = SmallLists.with(list, s);
    }
    assertThat(list).containsExactly("a", "b", "c", "b");
    assertThat(SmallLists.without(list, "b")).containsExactly("a", "c", "b");
    assertThat(SmallLists.without(SmallLists.with(List.of(), "x"), "x")).isEmpty();
    assertThat(SmallLists.without(List.of("x", "y"), "x")).containsExactly("y");
    assertThat(SmallLists.without(List.of("x", "y"), "y")).containsExactly("x");
  }

  @Test
  void removingWhatIsAbsentAnswersTheSameList_s1_1() {
    List<String> list = SmallLists.with(SmallLists.with(List.of(), "a"), "b");
    assertThat(SmallLists.without(list, "z")).isSameAs(list);
    assertThat(SmallLists.without(List.<String>of(), "z")).isEmpty();
  }

  @Test
  void theListsAreImmutable_s1_1() {
    List<String> one = SmallLists.with(List.of(), "a");
    List<String> three = SmallLists.with(SmallLists.with(one, "b"), "c");
    assertThatThrownBy(() -> one.add("x")).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> three.remove(0)).isInstanceOf(UnsupportedOperationException.class);
    assertThat(List.copyOf(three)).as("readers get it without a copy").isSameAs(three);
  }
}
