package io.switchboard.client;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * Calls made while not connected, oldest first, at most {@code capacity}; sent when the client connects.
 * Confined to the client's loop.
 */
final class OfflineQueue<T> {

    private final int capacity;
    private final ArrayDeque<T> items = new ArrayDeque<>();

    OfflineQueue(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1");
        }
        this.capacity = capacity;
    }

    /** Adds {@code item} at the end; false when the queue is full. */
    boolean offer(T item) {
        if (items.size() >= capacity) {
            return false;
        }
        items.addLast(item);
        return true;
    }

    /** Removes {@code item} (e.g. it timed out); false when it was not queued. */
    boolean remove(T item) {
        return items.remove(item);
    }

    /** Removes and returns everything, oldest first. */
    List<T> drain() {
        List<T> all = new ArrayList<>(items);
        items.clear();
        return all;
    }

    int size() {
        return items.size();
    }
}
