package io.switchboard.core.hub;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * Members partitioned by event loop. Partition {@code i} is read and written only on loop {@code i},
 * so fan-out tasks iterate it without locks; any thread may read the sizes to skip empty loops.
 * Partitions are copy-on-write arrays: iteration is allocation-free and unaffected by members
 * leaving during it, and mutations (subscribe/unsubscribe) are far rarer than deliveries.
 */
final class ShardedSet<T> {

    private static final Object[] EMPTY = new Object[0];

    private final Object[][] parts;
    private final AtomicIntegerArray partSizes;
    private final AtomicInteger size = new AtomicInteger();

    ShardedSet(int loops) {
        parts = new Object[loops][];
        Arrays.fill(parts, EMPTY);
        partSizes = new AtomicIntegerArray(loops);
    }

    /** Call on loop {@code loop}. @return the new total size */
    int add(int loop, T member) {
        Object[] old = parts[loop];
        Object[] grown = Arrays.copyOf(old, old.length + 1);
        grown[old.length] = member;
        parts[loop] = grown;
        partSizes.set(loop, grown.length);
        return size.incrementAndGet();
    }

    /** Call on loop {@code loop}. @return the new total size, or -1 when {@code member} was absent */
    int remove(int loop, T member) {
        Object[] old = parts[loop];
        for (int i = 0; i < old.length; i++) {
            if (old[i] == member) {
                Object[] shrunk = new Object[old.length - 1];
                System.arraycopy(old, 0, shrunk, 0, i);
                System.arraycopy(old, i + 1, shrunk, i, old.length - i - 1);
                parts[loop] = shrunk.length == 0 ? EMPTY : shrunk;
                partSizes.set(loop, shrunk.length);
                return size.decrementAndGet();
            }
        }
        return -1;
    }

    /** Call on loop {@code loop}: the members on that loop, a snapshot the caller must not modify. */
    Object[] members(int loop) {
        return parts[loop];
    }

    /** Any thread. */
    int size(int loop) {
        return partSizes.get(loop);
    }

    /** Any thread. */
    int size() {
        return size.get();
    }

    int loops() {
        return parts.length;
    }
}
