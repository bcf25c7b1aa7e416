package io.switchboard.core.hub;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.function.Consumer;

/**
 * Members partitioned by event loop. Partition {@code i} is read and written only on loop {@code i},
 * so fan-out tasks iterate it without locks; any thread may read the sizes to skip empty loops.
 *
 * <p>A partition is an array that grows by doubling, and members know their index in it (a member
 * belongs to one set), so adding and removing are O(1): joining a channel of 19,000 subscribers must
 * not copy 19,000 references. While a fan-out iterates a partition, a change copies the array first
 * (copy-on-write only then), so iteration is unaffected by members leaving during it.
 */
final class ShardedSet<T extends ShardedSet.Member> {

    /** Something kept in one {@link ShardedSet}: it remembers its index there (-1 when in none). */
    abstract static class Member {
        int slot = -1;
    }

    private static final Object[] EMPTY = new Object[0];
    private static final int MIN_CAPACITY = 4;

    private final Part[] parts;
    private final AtomicIntegerArray partSizes;
    private final AtomicInteger size = new AtomicInteger();

    /** One loop's members; touched only on that loop. */
    private static final class Part {
        Object[] items = EMPTY;
        int size;
        /** Fan-outs iterating {@link #items} right now. */
        int iterating;
        /** {@link #items} may be referenced by an iteration in progress: copy before changing it. */
        boolean shared;
    }

    ShardedSet(int loops) {
        parts = new Part[loops];
        for (int i = 0; i < loops; i++) {
            parts[i] = new Part();
        }
        partSizes = new AtomicIntegerArray(loops);
    }

    /** Call on loop {@code loop}. @return the new total size */
    int add(int loop, T member) {
        Part p = parts[loop];
        if (p.size == p.items.length) {
            p.items = Arrays.copyOf(p.items, Math.max(MIN_CAPACITY, p.size * 2));
            p.shared = false;
        } else if (p.shared) {
            p.items = p.items.clone();
            p.shared = false;
        }
        member.slot = p.size;
        p.items[p.size++] = member;
        partSizes.set(loop, p.size);
        return size.incrementAndGet();
    }

    /** Call on loop {@code loop}. @return the new total size, or -1 when {@code member} was absent */
    int remove(int loop, T member) {
        Part p = parts[loop];
        int slot = member.slot;
        if (slot < 0 || slot >= p.size || p.items[slot] != member) {
            return -1;
        }
        int newSize = p.size - 1;
        if (p.size <= p.items.length / 4 && p.items.length > MIN_CAPACITY) {
            p.items = Arrays.copyOf(p.items, p.items.length / 2); // also a private copy
            p.shared = false;
        } else if (p.shared) {
            p.items = p.items.clone();
            p.shared = false;
        }
        Object last = p.items[newSize];
        p.items[slot] = last;
        ((Member) last).slot = slot;
        p.items[newSize] = null;
        p.size = newSize;
        member.slot = -1;
        partSizes.set(loop, newSize);
        return size.decrementAndGet();
    }

    /**
     * Call on loop {@code loop}: {@code action} for each member on that loop, as they were when the
     * iteration started.
     */
    void forEach(int loop, Consumer<? super T> action) {
        Part p = parts[loop];
        Object[] items = p.items;
        int n = p.size;
        p.iterating++;
        p.shared = true;
        try {
            for (int i = 0; i < n; i++) {
                @SuppressWarnings("unchecked") T t = (T) items[i];
                action.accept(t);
            }
        } finally {
            if (--p.iterating == 0) {
                p.shared = false;
            }
        }
    }

    /** Any thread. */
    int size(int loop) {
        return partSizes.get(loop);
    }

    /** Any thread. */
    int size() {
        return size.get();
    }
}
