package io.switchboard.core.transport;

import io.switchboard.core.hub.Transport;

import java.util.concurrent.CompletionStage;

/**
 * What the transport serves at {@code /ws}: decides on each upgrade and creates a listener for each
 * accepted connection. The node's endpoint is the hub ({@link HubEndpoint}); the conformance suite
 * plugs in an echo endpoint to test the very same pipeline. Methods run on event-loop threads and
 * must not block.
 */
public interface WebSocketEndpoint {

    /** Called before the upgrade, after the transport's own checks (draining, origin, rate, subprotocol). */
    CompletionStage<Admission> admit(UpgradeRequest request);

    /** Called on the connection's event loop once the upgrade completed. */
    FrameListener open(Transport transport, Admission.Accepted admission);

    /** The decision on an upgrade request. */
    sealed interface Admission {

        /** @param principal whatever the endpoint needs later (the hub keeps the token's claims) */
        record Accepted(Object principal, Runnable onClose) implements Admission {
        }

        /** Answered with this HTTP status and the reason as the body; no upgrade. */
        record Refused(int status, String reason, Integer retryAfterSeconds) implements Admission {
            public Refused(int status, String reason) {
                this(status, reason, null);
            }
        }
    }

    /** Receives a connection's inbound events, on its event loop. */
    interface FrameListener {
        void onMessage(byte[] data, boolean binary);

        /** No inbound traffic for the idle timeout. */
        void onIdle();

        /** @param closeCode the close code sent or received, 1006 when the TCP connection just dropped */
        void onClosed(int closeCode);

        /**
         * Called periodically (at most once a second, more often with short heartbeat settings) while
         * the connection is open, for the endpoint's own deadlines; must be cheap.
         */
        default void onTick() {
        }
    }
}
