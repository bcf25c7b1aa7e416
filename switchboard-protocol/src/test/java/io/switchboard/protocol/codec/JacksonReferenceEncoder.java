package io.switchboard.protocol.codec;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import io.switchboard.protocol.ClientInfo;
import io.switchboard.protocol.Command;
import io.switchboard.protocol.Payload;
import io.switchboard.protocol.Publication;
import io.switchboard.protocol.Push;
import io.switchboard.protocol.Reply;
import io.switchboard.protocol.ReplyError;
import io.switchboard.protocol.Result;
import io.switchboard.protocol.StreamPosition;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * How {@link JsonCodec} encoded before {@link JsonFrameWriter}: with Jackson's {@link JsonGenerator} from
 * {@link JsonSupport#COMMANDS}. Kept as the reference the hand-written encoder must match byte for byte.
 */
final class JacksonReferenceEncoder {

    private JacksonReferenceEncoder() {
    }

    static byte[] encodeReply(Reply reply) {
        ByteArrayBuilder out = new ByteArrayBuilder(128);
        try (JsonGenerator g = JsonSupport.COMMANDS.createGenerator(out)) {
            writeReply(g, reply);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static byte[] encodePush(Push push) {
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

    static byte[] encodeCommand(Command command) {
        ByteArrayBuilder out = new ByteArrayBuilder(128);
        try (JsonGenerator g = JsonSupport.COMMANDS.createGenerator(out)) {
            writeCommand(g, command);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

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
            g.writeRawValue(new RawJson(payload.json()));
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

    /**
     * Bytes that {@link com.fasterxml.jackson.core.json.UTF8JsonGenerator#writeRawValue(SerializableString)}
     * copies verbatim: no decoding into chars and back. Only the unquoted UTF-8 methods are used on that
     * path; the others are implemented for completeness.
     */
    static final class RawJson implements SerializableString {
        private final byte[] utf8;

        RawJson(byte[] utf8) {
            this.utf8 = utf8;
        }

        @Override
        public String getValue() {
            return new String(utf8, StandardCharsets.UTF_8);
        }

        @Override
        public int charLength() {
            return getValue().length();
        }

        @Override
        public char[] asQuotedChars() {
            return getValue().toCharArray();
        }

        @Override
        public byte[] asUnquotedUTF8() {
            return utf8;
        }

        @Override
        public byte[] asQuotedUTF8() {
            return utf8;
        }

        @Override
        public int appendQuotedUTF8(byte[] buffer, int offset) {
            return appendUnquotedUTF8(buffer, offset);
        }

        @Override
        public int appendQuoted(char[] buffer, int offset) {
            return appendUnquoted(buffer, offset);
        }

        @Override
        public int appendUnquotedUTF8(byte[] buffer, int offset) {
            if (offset + utf8.length > buffer.length) {
                return -1;
            }
            System.arraycopy(utf8, 0, buffer, offset, utf8.length);
            return utf8.length;
        }

        @Override
        public int appendUnquoted(char[] buffer, int offset) {
            String s = getValue();
            if (offset + s.length() > buffer.length) {
                return -1;
            }
            s.getChars(0, s.length(), buffer, offset);
            return s.length();
        }

        @Override
        public int writeQuotedUTF8(OutputStream out) throws IOException {
            return writeUnquotedUTF8(out);
        }

        @Override
        public int writeUnquotedUTF8(OutputStream out) throws IOException {
            out.write(utf8);
            return utf8.length;
        }

        @Override
        public int putQuotedUTF8(ByteBuffer buffer) {
            return putUnquotedUTF8(buffer);
        }

        @Override
        public int putUnquotedUTF8(ByteBuffer buffer) {
            if (buffer.remaining() < utf8.length) {
                return -1;
            }
            buffer.put(utf8);
            return utf8.length;
        }

        @Override
        public String toString() {
            return getValue();
        }
    }
}
