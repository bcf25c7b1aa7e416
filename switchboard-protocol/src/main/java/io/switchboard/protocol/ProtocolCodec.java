package io.switchboard.protocol;

/**
 * Turns frames into commands and replies/pushes into frames for one subprotocol.
 * Implementations are stateless and thread-safe.
 */
public interface ProtocolCodec {

    /** The WebSocket subprotocol name, e.g. {@code switchboard.v1.json}. */
    String subprotocol();

    /** True when frames are binary, false when they are UTF-8 text. */
    boolean binary();

    /**
     * Decodes one frame's bytes into one command.
     *
     * @throws ProtocolException when the frame is not a valid command: unparseable, unknown method,
     *                           missing or mistyped parameters
     */
    Command decodeCommand(byte[] frame) throws ProtocolException;

    byte[] encodeReply(Reply reply);

    byte[] encodePush(Push push);

    /**
     * Inverse of {@link #encodeReply}/{@link #encodePush}, for clients and tests. A well-formed push
     * of a type this version does not know decodes to {@link Push.Unknown}, which clients ignore.
     */
    ServerFrame decodeServerFrame(byte[] frame) throws ProtocolException;

    /** Inverse of {@link #decodeCommand}, for clients and tests. */
    byte[] encodeCommand(Command command);
}
