package io.switchboard.protocol.codec;

import io.switchboard.protocol.ClientInfo;
import io.switchboard.protocol.Command;
import io.switchboard.protocol.Payload;
import io.switchboard.protocol.ProtocolCodec;
import io.switchboard.protocol.ProtocolException;
import io.switchboard.protocol.Publication;
import io.switchboard.protocol.Push;
import io.switchboard.protocol.Reply;
import io.switchboard.protocol.ReplyError;
import io.switchboard.protocol.Result;
import io.switchboard.protocol.ServerFrame;
import io.switchboard.protocol.StreamPosition;
import io.switchboard.protocol.Subprotocols;

import java.util.List;

/**
 * The {@code switchboard.v1.json} subprotocol: UTF-8 text frames, one JSON object per frame
 * (docs/protocol.md).
 *
 * <p>Decoding is a security boundary: frames are checked for strict UTF-8, parsed in one streaming pass
 * under {@link com.fasterxml.jackson.core.StreamReadConstraints} (nesting at most 64), and every field
 * is type-checked. {@code data} is kept as the sender's exact JSON text minus insignificant whitespace.
 * The plainest frames of the commands clients send most (ASCII, no escapes, no {@code data}) are read
 * without a parser by {@link JsonCommandFastPath}, which leaves everything else to the parser.
 *
 * <p>Encoding does not use Jackson: {@link JsonFrameWriter} writes each frame into a per-thread buffer
 * and returns it as one exact-size array, byte for byte what Jackson's generator writes (see there for
 * how strings are escaped). {@link Payload}s are copied in verbatim, never re-parsed. Stateless and
 * thread-safe.
 *
 * <p>{@link #decodeServerFrame} recognises the result of a reply by its shape, since a JSON reply does
 * not name its method: {@code clients} means presence; {@code recoverable} (or {@code recovered}) means
 * subscribe; {@code publications} means history; {@code expires} means refresh; {@code offset} or
 * {@code epoch} means publish; anything else (normally {@code {}}) is the empty result. A push whose
 * {@code push} name is not a known type decodes to {@link Push.Unknown} (its other fields unread), since
 * clients must ignore push types they do not know; encoding a {@link Push.Unknown} is an
 * {@link IllegalArgumentException}.
 */
public final class JsonCodec implements ProtocolCodec {

    public JsonCodec() {
    }

    @Override
    public String subprotocol() {
        return Subprotocols.JSON;
    }

    @Override
    public boolean binary() {
        return false;
    }

    @Override
    public Command decodeCommand(byte[] frame) throws ProtocolException {
        Command plain = JsonCommandFastPath.read(frame);
        return plain != null ? plain : JsonCommandReader.read(frame);
    }

    @Override
    public byte[] encodeReply(Reply reply) {
        return JsonFrameWriter.encode(reply, JsonCodec::writeReply);
    }

    @Override
    public byte[] encodePush(Push push) {
        if (push instanceof Push.Unknown) {
            throw new IllegalArgumentException("an unknown push cannot be encoded: " + push);
        }
        return JsonFrameWriter.encode(push, JsonCodec::writePush);
    }

    @Override
    public byte[] encodeCommand(Command command) {
        return JsonFrameWriter.encode(command, JsonCodec::writeCommand);
    }

    @Override
    public ServerFrame decodeServerFrame(byte[] frame) throws ProtocolException {
        return new JsonServerFrameReader(frame).read();
    }

    @Override
    public String toString() {
        return "JsonCodec[" + subprotocol() + "]";
    }

    // ---------------------------------------------------------------------------------------------
    // Writing

    private static void writeReply(JsonFrameWriter out, Reply reply) {
        out.startObject();
        out.numberField("id", reply.id());
        if (reply.result() != null) {
            out.name("result");
            writeResult(out, reply.result());
        } else {
            ReplyError e = reply.error();
            out.startObject("error");
            out.numberField("code", e.code());
            out.stringField("message", e.message());
            out.booleanField("temporary", e.temporary());
            out.endObject();
        }
        out.endObject();
    }

    private static void writeResult(JsonFrameWriter out, Result result) {
        out.startObject();
        if (result instanceof Result.Subscribe r) {
            out.numberField("offset", r.offset());
            out.stringField("epoch", r.epoch());
            out.booleanField("recoverable", r.recoverable());
            out.booleanField("recovered", r.recovered());
            if (r.publications() != null && !r.publications().isEmpty()) {
                writePublications(out, r.publications());
            }
        } else if (result instanceof Result.Publish r) {
            out.numberField("offset", r.offset());
            out.stringField("epoch", r.epoch());
        } else if (result instanceof Result.Presence r) {
            out.startArray("clients");
            if (r.clients() != null) {
                for (ClientInfo c : r.clients()) {
                    writeClientInfo(out, c);
                }
            }
            out.endArray();
        } else if (result instanceof Result.History r) {
            writePublications(out, r.publications());
            out.numberField("offset", r.offset());
            out.stringField("epoch", r.epoch());
        } else if (result instanceof Result.Refresh r) {
            out.numberField("expires", r.expires());
        } else if (!(result instanceof Result.Empty)) {
            throw new IllegalArgumentException("unknown result " + result);
        }
        out.endObject();
    }

    private static void writePublications(JsonFrameWriter out, List<Publication> publications) {
        out.startArray("publications");
        if (publications != null) {
            for (Publication p : publications) {
                out.startObject();
                writePublicationFields(out, p);
                out.endObject();
            }
        }
        out.endArray();
    }

    private static void writePublicationFields(JsonFrameWriter out, Publication p) {
        out.stringField("id", p.id());
        out.numberField("offset", p.offset());
        writeRaw(out, "data", p.data());
        if (p.info() != null) {
            out.name("info");
            writeClientInfo(out, p.info());
        }
    }

    private static void writeClientInfo(JsonFrameWriter out, ClientInfo c) {
        out.startObject();
        out.stringField("client", c.client());
        out.stringField("user", c.user());
        if (c.info() != null) {
            writeRaw(out, "info", c.info());
        }
        out.endObject();
    }

    private static void writeRaw(JsonFrameWriter out, String field, Payload payload) {
        out.name(field);
        if (payload == null) {
            out.nullValue();
        } else {
            out.rawValue(payload.json());
        }
    }

    private static void writePush(JsonFrameWriter out, Push push) {
        out.startObject();
        out.stringField("push", push.type());
        if (push instanceof Push.Connected c) {
            out.stringField("client", c.client());
            out.stringField("user", c.user());
            out.stringField("node", c.node());
            out.numberField("heartbeat", c.heartbeat());
            out.numberField("expires", c.expires());
        } else if (push instanceof Push.PublicationPush p) {
            out.stringField("channel", p.channel());
            writePublicationFields(out, p.publication());
        } else if (push instanceof Push.Message m) {
            writeRaw(out, "data", m.data());
            if (m.from() != null) {
                out.stringField("from", m.from());
            }
        } else if (push instanceof Push.Join j) {
            out.stringField("channel", j.channel());
            out.name("info");
            writeClientInfo(out, j.info());
        } else if (push instanceof Push.Leave l) {
            out.stringField("channel", l.channel());
            out.name("info");
            writeClientInfo(out, l.info());
        } else if (push instanceof Push.Unsubscribed u) {
            out.stringField("channel", u.channel());
            out.numberField("code", u.code());
            out.stringField("reason", u.reason());
        } else if (push instanceof Push.Disconnect d) {
            out.numberField("code", d.code());
            out.stringField("reason", d.reason());
            out.booleanField("reconnect", d.reconnect());
            out.numberField("delay", d.delay());
        } else {
            throw new IllegalArgumentException("unknown push " + push);
        }
        out.endObject();
    }

    private static void writeCommand(JsonFrameWriter out, Command command) {
        out.startObject();
        out.numberField("id", command.id());
        out.stringField("method", command.method());
        if (command instanceof Command.Subscribe s) {
            out.startObject("params");
            out.stringField("channel", s.channel());
            if (s.recover()) {
                out.booleanField("recover", true);
            }
            if (s.offset() != 0) {
                out.numberField("offset", s.offset());
            }
            if (s.epoch() != null && !s.epoch().isEmpty()) {
                out.stringField("epoch", s.epoch());
            }
            out.endObject();
        } else if (command instanceof Command.Unsubscribe u) {
            out.startObject("params");
            out.stringField("channel", u.channel());
            out.endObject();
        } else if (command instanceof Command.Publish p) {
            out.startObject("params");
            out.stringField("channel", p.channel());
            writeRaw(out, "data", p.data());
            out.endObject();
        } else if (command instanceof Command.Send s) {
            out.startObject("params");
            out.stringField("user", s.user());
            writeRaw(out, "data", s.data());
            out.endObject();
        } else if (command instanceof Command.Presence p) {
            out.startObject("params");
            out.stringField("channel", p.channel());
            out.endObject();
        } else if (command instanceof Command.History h) {
            out.startObject("params");
            out.stringField("channel", h.channel());
            if (h.limit() != 0) {
                out.numberField("limit", h.limit());
            }
            StreamPosition since = h.since();
            if (since != null) {
                out.startObject("since");
                out.numberField("offset", since.offset());
                out.stringField("epoch", since.epoch());
                out.endObject();
            }
            out.endObject();
        } else if (command instanceof Command.Refresh r) {
            out.startObject("params");
            out.stringField("token", r.token());
            out.endObject();
        } else if (!(command instanceof Command.Ping)) {
            throw new IllegalArgumentException("unknown command " + command.method());
        }
        out.endObject();
    }
}
