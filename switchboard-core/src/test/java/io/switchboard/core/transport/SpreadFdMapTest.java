package io.switchboard.core.transport;

import io.netty.util.collection.IntObjectMap.PrimitiveEntry;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class SpreadFdMapTest {

    @Test
    void spreadingIsABijectionOnInt() {
        Random random = new Random(7);
        for (int i = 0; i < 10_000; i++) {
            int odd = random.nextInt() | 1;
            assertThat(odd * SpreadFdMap.inverse(odd)).isEqualTo(1);
        }
        SpreadFdMap<String> map = new SpreadFdMap<>(16);
        for (int key : new int[] {0, 1, -1, 20, Integer.MAX_VALUE, Integer.MIN_VALUE}) {
            map.put(key, "v" + key);
        }
        assertThat(map.keySet()).containsExactlyInAnyOrder(0, 1, -1, 20, Integer.MAX_VALUE, Integer.MIN_VALUE);
    }

    /** What Netty's map does with the keys: slot = key & mask, linear probing. Dense descriptors must not form one run. */
    @Test
    void denseDescriptorsLandOnScatteredSlotsInShortRuns() {
        int capacity = 65_536; // Netty's map at 19,000 keys (it doubles past half full)
        boolean[] used = new boolean[capacity];
        for (int fd = 20; fd < 20 + 19_000; fd++) {
            int slot = SpreadFdMap.spread(fd) & (capacity - 1);
            assertThat(used[slot]).as("slot of fd %d", fd).isFalse();
            used[slot] = true;
        }
        int longest = 0;
        int run = 0;
        for (int i = 0; i < 2 * capacity; i++) { // twice round: a run may wrap
            run = used[i % capacity] ? run + 1 : 0;
            longest = Math.max(longest, run);
        }
        assertThat(longest).isLessThanOrEqualTo(4);
    }

    @Test
    void behavesAsAMapUnderRandomOperations() {
        Random random = new Random(11);
        SpreadFdMap<Integer> map = new SpreadFdMap<>(4);
        Map<Integer, Integer> expected = new HashMap<>();
        for (int i = 0; i < 40_000; i++) {
            int key = random.nextBoolean() ? random.nextInt(3_000) : random.nextInt();
            Integer value = i;
            switch (random.nextInt(6)) {
                case 0 -> assertThat(map.put(key, value)).isEqualTo(expected.put(key, value));
                case 1 -> assertThat(map.put(Integer.valueOf(key), value)).isEqualTo(expected.put(key, value));
                case 2 -> assertThat(map.remove(key)).isEqualTo(expected.remove(key));
                case 3 -> assertThat(map.remove((Object) key)).isEqualTo(expected.remove(key));
                case 4 -> assertThat(map.get(key)).isEqualTo(expected.get(key));
                default -> assertThat(map.containsKey((Object) key)).isEqualTo(expected.containsKey(key));
            }
            assertThat(map.size()).isEqualTo(expected.size());
        }
        assertThat(map).isEqualTo(expected);
        assertThat(map.values()).containsExactlyInAnyOrderElementsOf(expected.values());
        Map<Integer, Integer> viaEntries = new HashMap<>();
        for (PrimitiveEntry<Integer> e : map.entries()) {
            viaEntries.put(e.key(), e.value());
        }
        assertThat(viaEntries).isEqualTo(expected);
        assertThat(map.get("not a key")).isNull();
    }

    @Test
    void iteratorsWriteThrough() {
        SpreadFdMap<String> map = new SpreadFdMap<>(4);
        for (int fd = 0; fd < 100; fd++) {
            map.put(fd, "fd" + fd);
        }
        for (Map.Entry<Integer, String> e : map.entrySet()) {
            e.setValue("set" + e.getKey());
        }
        for (Iterator<PrimitiveEntry<String>> it = map.entries().iterator(); it.hasNext(); ) {
            PrimitiveEntry<String> e = it.next();
            if (e.key() % 2 == 0) {
                it.remove();
            }
        }
        assertThat(map).hasSize(50);
        for (int fd = 0; fd < 100; fd++) {
            assertThat(map.get(fd)).isEqualTo(fd % 2 == 0 ? null : "set" + fd);
        }
        map.clear();
        assertThat(map.isEmpty()).isTrue();
    }
}
