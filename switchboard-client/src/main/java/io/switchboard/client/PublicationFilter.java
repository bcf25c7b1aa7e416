package io.switchboard.client;

import io.switchboard.protocol.Publication;
import io.switchboard.protocol.StreamPosition;

import java.util.Iterator;
import java.util.LinkedHashSet;

/**
 * Drops publications a subscription has already delivered, and tracks its position. A publication is
 * a duplicate when its id was seen recently, or, in a channel with history, when its offset is not past
 * the last one delivered in the current epoch. Confined to the client's loop.
 */
final class PublicationFilter {

    /** Recent ids kept for de-duplication (history channels also compare offsets, which covers the rest). */
    static final int DEFAULT_CAPACITY = 1024;

    private final int capacity;
    private final LinkedHashSet<String> recentIds = new LinkedHashSet<>();
    private long offset;
    private String epoch = "";

    PublicationFilter(int capacity) {
        this.capacity = capacity;
    }

    /** The last offset delivered and its epoch (or where the subscription started). */
    StreamPosition position() {
        return new StreamPosition(offset, epoch);
    }

    /** Moves to a new position (a subscribe result). A new epoch resets the offset; the same epoch never goes back. */
    void moveTo(StreamPosition position) {
        if (position.epoch().equals(epoch)) {
            offset = Math.max(offset, position.offset());
        } else {
            epoch = position.epoch();
            offset = position.offset();
        }
    }

    /**
     * Whether {@code p} should be delivered; when it should, it is remembered.
     *
     * @param recoverable whether the channel keeps history (offsets mean something)
     */
    boolean accept(Publication p, boolean recoverable) {
        if (p.id() != null && !p.id().isEmpty() && recentIds.contains(p.id())) {
            return false;
        }
        if (recoverable && p.offset() > 0 && p.offset() <= offset) {
            return false;
        }
        remember(p.id());
        if (recoverable && p.offset() > offset) {
            offset = p.offset();
        }
        return true;
    }

    private void remember(String id) {
        if (id == null || id.isEmpty()) {
            return;
        }
        recentIds.add(id);
        if (recentIds.size() > capacity) {
            Iterator<String> oldest = recentIds.iterator();
            oldest.next();
            oldest.remove();
        }
    }
}
