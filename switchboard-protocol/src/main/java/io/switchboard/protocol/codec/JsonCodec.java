package io.switchboard.protocol.codec;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
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

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The {@code switchboard.v1.json} subprotocol: UTF-8 text frames, one JSON object per frame
 * (docs/protocol.md).
 *
 * <p>Decoding is a security boundary: frames are checked for strict UTF-8, parsed in one streaming pass
 * under {@link com.fasterxml.jackson.core.StreamReadConstraints} (nesting at most 64), and every field
 * is type-checked. {@code data} is kept as the sender's exact JSON text minus insignificant whitespace.
 *
 * <p>Encoding streams straight into bytes with Jackson's {@link JsonGenerator}; {@link Payload}s are
 * copied in verbatim, never re-parsed. Stateless and thread-safe.
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
        return JsonCommandReader.read(frame);
    }

    @Override
    public byte[] encodeReply(Reply reply) {
        ByteArrayBuilder out = new ByteArrayBuilder(128);
        try (JsonGenerator g = JsonSupport.COMMANDS.createGenerator(out)) {
            writeReply(g, reply);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    @Override
    public byte[] encodePush(Push push) {
        if (push instanceof Push.Unknown) {
            throw new IllegalArgumentException("an unknown push cannot be encoded: " + push);
        }
        ByteArrayBuilder out = new ByteArrayBuilder(128);
        try (JsonGenerator g = JsonSupport.COMMANDS.createGenerator(out)) {
            writePush(g, push);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    @Override
    public byte[] encodeCommand(Command command) {
        ByteArrayBuilder out = new ByteArrayBuilder(128);
        try (JsonGenerator g = JsonSupport.COMMANDS.createGenerator(out)) {
            writeCommand(g, command);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
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

    private static void writeReply(JsonGenerator g, Reply reply) throws IOException {
        g.writeStartObject();
        g.writeNumberField("id", reply.id());
        if (reply.result() != null) {
            g.writeFieldName("result");
            writeResult(g, reply.result());
        } else {
            ReplyError e = reply.error();
            g.writeObjectFieldStart("error");
            g.writeNumberField("code", e.code());
            g.writeStringField("message", e.message());
            g.writeBooleanField("temporary", e.temporary());
            g.writeEndObject();
        }
        g.writeEndObject();
    }

    private static void writeResult(JsonGenerator g, Result result) throws IOException {
        g.writeStartObject();
        if (result instanceof Result.Subscribe r) {
            g.writeNumberField("offset", r.offset());
            g.writeStringField("epoch", r.epoch());
            g.writeBooleanField("recoverable", r.recoverable());
            g.writeBooleanField("recovered", r.recovered());
            if (r.publications() != null && !r.publications().isEmpty()) {
                writePublications(g, r.publications());
            }
        } else if (result instanceof Result.Publish r) {
            g.writeNumberField("offset", r.offset());
            g.writeStringField("epoch", r.epoch());
        } else if (result instanceof Result.Presence r) {
            g.writeArrayFieldStart("clients");
            if (r.clients() != null) {
                for (ClientInfo c : r.clients()) {
                    writeClientInfo(g, c);
                }
            }
            g.writeEndArray();
        } else if (result instanceof Result.History r) {
            writePublications(g, r.publications());
            g.writeNumberField("offset", r.offset());
            g.writeStringField("epoch", r.epoch());
        } else if (result instanceof Result.Refresh r) {
            g.writeNumberField("expires", r.expires());
        } else if (!(result instanceof Result.Empty)) {
            throw new IllegalArgumentException("unknown result " + result);
        }
        g.writeEndObject();
    }

    private static void writePublications(JsonGenerator g, List<Publication> publications) throws IOException {
        g.writeArrayFieldStart("publications");
        if (publications != null) {
            for (Publication p : publications) {
                g.writeStartObject();
                writePublicationFields(g, p);
                g.writeEndObject();
            }
        }
        g.writeEndArray();
    }

    private static void writePublicationFields(JsonGenerator g, Publication p) throws IOException {
        g.writeStringField("id", p.id());
        g.writeNumberField("offset", p.offset());
        writeRaw(g, "data", p.data());
        if (p.info() != null) {
            g.writeFieldName("info");
            writeClientInfo(g, p.info());
        }
    }

    private static void writeClientInfo(JsonGenerator g, ClientInfo c) throws IOException {
        g.writeStartObject();
        g.writeStringField("client", c.client());
        g.writeStringField("user", c.user());
        if (c.info() != null) {
            writeRaw(g, "info", c.info());
        }
        g.writeEndObject();
    }

    private static void writeRaw(JsonGenerator g, String field, Payload payload) throws IOException {
        g.writeFieldName(field);
        if (payload == null) {
            g.writeNull();
        } else {
            g.writeRawValue(new JsonSupport.RawJson(payload.json()));
        }
    }

    private static void writePush(JsonGenerator g, Push push) throws IOException {
        g.writeStartObject();
        g.writeStringField("push", push.type());
        if (push instanceof Push.Connected c) {
            g.writeStringField("client", c.client());
            g.writeStringField("user", c.user());
            g.writeStringField("node", c.node());
            g.writeNumberField("heartbeat", c.heartbeat());
            g.writeNumberField("expires", c.expires());
        } else if (push instanceof Push.PublicationPush p) {
            g.writeStringField("channel", p.channel());
            writePublicationFields(g, p.publication());
        } else if (push instanceof Push.Message m) {
            writeRaw(g, "data", m.data());
            if (m.from() != null) {
                g.writeStringField("from", m.from());
            }
        } else if (push instanceof Push.Join j) {
            g.writeStringField("channel", j.channel());
            g.writeFieldName("info");
            writeClientInfo(g, j.info());
        } else if (push instanceof Push.Leave l) {
            g.writeStringField("channel", l.channel());
            g.writeFieldName("info");
            writeClientInfo(g, l.info());
        } else if (push instanceof Push.Unsubscribed u) {
            g.writeStringField("channel", u.channel());
            g.writeNumberField("code", u.code());
            g.writeStringField("reason", u.reason());
        } else if (push instanceof Push.Disconnect d) {
            g.writeNumberField("code", d.code());
            g.writeStringField("reason", d.reason());
            g.writeBooleanField("reconnect", d.reconnect());
            g.writeNumberField("delay", d.delay());
        } else {
            throw new IllegalArgumentException("unknown push " + push);
        }
        g.writeEndObject();
    }

    private static void writeCommand(JsonGenerator g, Command command) throws IOException {
        g.writeStartObject();
        g.writeNumberField("id", command.id());
        g.writeStringField("method", command.method());
        if (command instanceof Command.Subscribe s) {
            g.writeObjectFieldStart("params");
            g.writeStringField("channel", s.channel());
            if (s.recover()) {
                g.writeBooleanField("recover", true);
            }
            if (s.offset() != 0) {
                g.writeNumberField("offset", s.offset());
            }
            if (s.epoch() != null && !s.epoch().isEmpty()) {
                g.writeStringField("epoch", s.epoch());
            }
            g.writeEndObject();
        } else if (command instanceof Command.Unsubscribe u) {
            g.writeObjectFieldStart("params");
            g.writeStringField("channel", u.channel());
            g.writeEndObject();
        } else if (command instanceof Command.Publish p) {
            g.writeObjectFieldStart("params");
            g.writeStringField("channel", p.channel());
            writeRaw(g, "data", p.data());
            g.writeEndObject();
        } else if (command instanceof Command.Send s) {
            g.writeObjectFieldStart("params");
            g.writeStringField("user", s.user());
            writeRaw(g, "data", s.data());
            g.writeEndObject();
        } else if (command instanceof Command.Presence p) {
            g.writeObjectFieldStart("params");
            g.writeStringField("channel", p.channel());
            g.writeEndObject();
        } else if (command instanceof Command.History h) {
            g.writeObjectFieldStart("params");
            g.writeStringField("channel", h.channel());
            if (h.limit() != 0) {
                g.writeNumberField("limit", h.limit());
            }
            StreamPosition since = h.since();
            if (since != null) {
                g.writeObjectFieldStart("since");
                g.writeNumberField("offset", since.offset());
                g.writeStringField("epoch", since.epoch());
                g.writeEndObject();
            }
            g.writeEndObject();
        } else if (command instanceof Command.Refresh r) {
            g.writeObjectFieldStart("params");
            g.writeStringField("token", r.token());
            g.writeEndObject();
        } else if (!(command instanceof Command.Ping)) {
            throw new IllegalArgumentException("unknown command " + command.method());
        }
        g.writeEndObject();
    }
}
