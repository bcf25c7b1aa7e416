package io.switchboard.core.transport;

import io.netty.channel.IoHandler;
import io.netty.channel.IoHandlerFactory;
import io.netty.util.collection.IntObjectMap;
import io.netty.util.concurrent.ThreadAwareExecutor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;

/**
 * Gives each epoll event loop a {@link SpreadFdMap} for its channel registrations in place of Netty's
 * map, in which closing a connection costs time proportional to the number of open ones (24 µs per
 * close at 19,000 connections, half a second of one event loop for a reconnect storm of a full node).
 *
 * <p>The map is a private field of Netty's {@code EpollIoHandler}, replaced by reflection while the
 * handler is new and its map empty, as Netty itself replaces the JDK selector's key sets. Where a Netty
 * version has no such field (or refuses), nothing changes but that cost, and the start-up log says so;
 * {@code EpollRegistrationsIT} pins the field for the Netty version we ship.
 */
final class EpollRegistrations {

    private static final Logger LOG = LoggerFactory.getLogger(EpollRegistrations.class);
    private static final String FIELD = "registrations";
    /** EpollIoHandler's own initial capacity. */
    private static final int INITIAL_CAPACITY = 4096;

    private EpollRegistrations() {
    }

    /** {@code epoll}'s handlers, each with a spreading registration map where this Netty allows it. */
    static IoHandlerFactory spreading(IoHandlerFactory epoll) {
        return new IoHandlerFactory() {
            @Override
            public IoHandler newHandler(ThreadAwareExecutor executor) {
                IoHandler handler = epoll.newHandler(executor);
                spread(handler);
                return handler;
            }

            @Override
            public boolean isChangingThreadSupported() {
                return epoll.isChangingThreadSupported();
            }
        };
    }

    /** Swaps a new handler's empty registration map for a {@link SpreadFdMap}; false, changing nothing, if it cannot. */
    static boolean spread(IoHandler handler) {
        try {
            Field field = handler.getClass().getDeclaredField(FIELD);
            if (field.getType() != IntObjectMap.class || Modifier.isStatic(field.getModifiers())) {
                return kept(handler, "its field " + FIELD + " is " + field);
            }
            field.setAccessible(true);
            if (!(field.get(handler) instanceof IntObjectMap<?> current) || !current.isEmpty()) {
                return kept(handler, "its map is in use");
            }
            field.set(handler, new SpreadFdMap<>(INITIAL_CAPACITY));
            return true;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return kept(handler, e.toString());
        }
    }

    private static boolean kept(IoHandler handler, String why) {
        LOG.info("{} keeps Netty's registration map ({}): closing a connection costs more the more are open",
                handler.getClass().getSimpleName(), why);
        return false;
    }
}
