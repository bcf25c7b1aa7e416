package io.switchboard.protocol.codec;

import io.switchboard.protocol.ProtocolCodec;
import io.switchboard.protocol.Subprotocols;

import java.util.List;
import java.util.Optional;

/** The codecs of the subprotocols this node speaks. Codecs are stateless, so these are shared. */
public final class Codecs {

    /** {@code switchboard.v1.json}: the default when a client requests no subprotocol. */
    public static final JsonCodec JSON = new JsonCodec();

    /** {@code switchboard.v1.proto}. */
    public static final ProtobufCodec PROTOBUF = new ProtobufCodec();

    /** Every supported codec, in the server's order of preference (JSON first). */
    public static final List<ProtocolCodec> ALL = List.of(JSON, PROTOBUF);

    private Codecs() {
    }

    /** The codec for a subprotocol name, exactly as in {@code Sec-WebSocket-Protocol}; empty when unknown. */
    public static Optional<ProtocolCodec> forSubprotocol(String subprotocol) {
        if (Subprotocols.JSON.equals(subprotocol)) {
            return Optional.of(JSON);
        }
        if (Subprotocols.PROTOBUF.equals(subprotocol)) {
            return Optional.of(PROTOBUF);
        }
        return Optional.empty();
    }

    /**
     * The codec for the subprotocol agreed in the handshake: {@link #JSON} when none was agreed
     * ({@code null} or empty), otherwise as {@link #forSubprotocol}.
     */
    public static Optional<ProtocolCodec> negotiated(String selectedSubprotocol) {
        if (selectedSubprotocol == null || selectedSubprotocol.isEmpty()) {
            return Optional.of(JSON);
        }
        return forSubprotocol(selectedSubprotocol);
    }

    /** The supported names as a comma-separated list, the form Netty's handshaker factory takes. */
    public static String subprotocolList() {
        return Subprotocols.JSON + "," + Subprotocols.PROTOBUF;
    }
}
