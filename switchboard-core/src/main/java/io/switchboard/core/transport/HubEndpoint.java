package io.switchboard.core.transport;

import io.switchboard.core.auth.Claims;
import io.switchboard.core.auth.InvalidTokenException;
import io.switchboard.core.hub.ClientSession;
import io.switchboard.core.hub.Hub;
import io.switchboard.core.hub.Transport;
import io.switchboard.core.limit.ConnectionLimiter;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/** The node's WebSocket endpoint: connection limits and token verification, then a hub session. */
public final class HubEndpoint implements WebSocketEndpoint {

    private static final int NODE_FULL_RETRY_AFTER_SECONDS = 5;

    private final Hub hub;

    public HubEndpoint(Hub hub) {
        this.hub = hub;
    }

    @Override
    public CompletionStage<Admission> admit(UpgradeRequest request) {
        if (request.token() == null || request.token().isEmpty()) {
            return CompletableFuture.completedFuture(new Admission.Refused(401, "missing token"));
        }
        ConnectionLimiter.Outcome outcome = hub.connectionLimiter().tryAcquire(request.remoteIp());
        if (outcome == ConnectionLimiter.Refusal.NODE_FULL) {
            return CompletableFuture.completedFuture(new Admission.Refused(503, "connection limit reached",
                    NODE_FULL_RETRY_AFTER_SECONDS));
        }
        if (outcome == ConnectionLimiter.Refusal.IP_FULL) {
            return CompletableFuture.completedFuture(new Admission.Refused(429, "too many connections from this address"));
        }
        // The address's slots alone, not the request: the request holds the token, which must not live on.
        HubConnection connection = new HubConnection(hub, (ConnectionLimiter.AddressSlots) outcome);
        CompletionStage<Claims> verified;
        try {
            verified = hub.tokenVerifier().verify(request.token());
        } catch (RuntimeException e) {
            verified = CompletableFuture.failedFuture(e);
        }
        return verified.handle((claims, error) -> {
            if (error == null) {
                return new Admission.Accepted(claims, connection);
            }
            connection.run();
            Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
            String reason = cause instanceof InvalidTokenException ? cause.getMessage() : "invalid token";
            return new Admission.Refused(401, reason);
        });
    }

    @Override
    public FrameListener open(Transport transport, Admission.Accepted admission) {
        HubConnection connection = (HubConnection) admission.onClose();
        connection.session = hub.open(transport, (Claims) admission.principal());
        return connection;
    }

    /**
     * One admitted connection, as the hub sees it: first the release of its connection slot (the
     * admission's {@code onClose}), then, once open, the listener that hands its frames to its session.
     * One object for both: every idle connection keeps it.
     */
    private static final class HubConnection implements Runnable, FrameListener {
        private final Hub hub;
        private final ConnectionLimiter.AddressSlots address;
        private ClientSession session;

        HubConnection(Hub hub, ConnectionLimiter.AddressSlots address) {
            this.hub = hub;
            this.address = address;
        }

        /** Gives the connection slot back. */
        @Override
        public void run() {
            hub.connectionLimiter().release(address);
        }

        @Override
        public void onMessage(byte[] data, boolean binary) {
            session.onMessage(data, binary);
        }

        @Override
        public void onIdle() {
            session.onIdle();
        }

        @Override
        public void onClosed(int closeCode) {
            session.onClosed(closeCode);
        }

        @Override
        public void onTick() {
            session.checkExpiry();
        }
    }
}
