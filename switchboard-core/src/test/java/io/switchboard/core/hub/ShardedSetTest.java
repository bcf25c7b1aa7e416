package io.switchboard.core.hub;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ShardedSetTest {

    private static final class M extends ShardedSet.Member {
        final int id;

        M(int id) {
            this.id = id;
        }
    }

    private static List<Integer> ids(ShardedSet<M> set, int loop) {
        List<Integer> ids = new ArrayList<>();
        set.forEach(loop, m -> ids.add(m.id));
        return ids;
    }

    @Test
    void addsAndRemovesPerLoopAndCountsEverything() {
        ShardedSet<M> set = new ShardedSet<>(2);
        List<M> ms = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            M m = new M(i);
            ms.add(m);
            assertThat(set.add(i % 2, m)).isEqualTo(i + 1);
        }
        assertThat(set.size(0)).isEqualTo(50);
        assertThat(set.size(1)).isEqualTo(50);
        for (int i = 0; i < 100; i += 2) {
            set.remove(0, ms.get(i));
        }
        assertThat(set.size(0)).isZero();
        assertThat(ids(set, 1)).hasSize(50).allMatch(id -> id % 2 == 1);
        assertThat(set.remove(1, ms.get(0))).as("not a member").isEqualTo(-1);
        assertThat(set.remove(0, ms.get(0))).as("already removed").isEqualTo(-1);
        assertThat(set.size()).isEqualTo(50);
    }

    @Test
    void iterationSeesTheMembersOfItsStartWhateverChangesMeanwhile() {
        ShardedSet<M> set = new ShardedSet<>(1);
        List<M> ms = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            ms.add(new M(i));
            set.add(0, ms.get(i));
        }
        List<Integer> seen = new ArrayList<>();
        set.forEach(0, m -> {
            seen.add(m.id);
            if (m.id == 2) { // a delivery that disconnects others and lets a newcomer in
                set.remove(0, ms.get(0));
                set.remove(0, ms.get(7));
                set.add(0, new M(99));
            }
        });
        assertThat(seen).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
        assertThat(ids(set, 0)).containsExactlyInAnyOrder(1, 2, 3, 4, 5, 6, 8, 9, 99);
        for (M m : ms) {
            if (m.slot >= 0) {
                assertThat(set.remove(0, m)).isNotNegative(); // every slot still points at its member
            }
        }
        assertThat(ids(set, 0)).containsExactly(99);
    }

    @Test
    void shrinksAfterMostMembersLeft() {
        ShardedSet<M> set = new ShardedSet<>(1);
        List<M> ms = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            ms.add(new M(i));
            set.add(0, ms.get(i));
        }
        for (int i = 0; i < 995; i++) {
            set.remove(0, ms.get(i));
        }
        assertThat(ids(set, 0)).containsExactlyInAnyOrder(995, 996, 997, 998, 999);
    }
}
