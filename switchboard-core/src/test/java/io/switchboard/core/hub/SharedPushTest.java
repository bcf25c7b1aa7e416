package io.switchboard.core.hub;

import io.netty.buffer.ByteBuf;
import io.switchboard.protocol.Command;
import io.switchboard.protocol.ProtocolCodec;
import io.switchboard.protocol.ProtocolException;
import io.switchboard.protocol.Push;
import io.switchboard.protocol.Payload;
import io.switchboard.protocol.Reply;
import io.switchboard.protocol.ServerFrame;
import io.switchboard.protocol.codec.Codecs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** A fan-out push is encoded and framed once per codec and its one buffer is shared, then freed. */
@Timeout(10)
class SharedPushTest {

    /** Counts encodes, delegating to a real codec. */
    static final class CountingCodec implements ProtocolCodec {
        final ProtocolCodec real;
        final AtomicInteger pushes = new AtomicInteger();

        CountingCodec(ProtocolCodec real) {
            this.real = real;
        }

        public String subprotocol() { return real.subprotocol(); }
        public boolean binary() { return real.binary(); }
        public Command decodeCommand(byte[] frame) throws ProtocolException { return real.decodeCommand(frame); }
        public byte[] encodeReply(Reply reply) { return real.encodeReply(reply); }
        public byte[] encodePush(Push push) {
            pushes.incrementAndGet();
            return real.encodePush(push);
        }
        public ServerFrame decodeServerFrame(byte[] frame) throws ProtocolException { return real.decodeServerFrame(frame); }
        public byte[] encodeCommand(Command command) { return real.encodeCommand(command); }
    }

    @Test
    void encodesOncePerCodecSharesTheBufferAndFreesItWithTheLastHolder() {
        CountingCodec json = new CountingCodec(Codecs.JSON);
        CountingCodec proto = new CountingCodec(Codecs.PROTOBUF);
        SharedPush push = new SharedPush(new Push.Message(Payload.ofJson("{\"x\":1}"), null), 0);
        List<ByteBuf> written = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            written.add(push.shared(i % 2 == 0 ? json : proto).retain()); // as a connection holding it does
        }
        assertThat(json.pushes.get()).isEqualTo(1);
        assertThat(proto.pushes.get()).isEqualTo(1);
        // every JSON recipient holds the same buffer, every Protobuf one the other
        assertThat(written.get(0).hasMemoryAddress()).isTrue();
        assertThat(written.get(0)).isSameAs(written.get(998));
        assertThat(written.get(1)).isSameAs(written.get(999));
        assertThat(written.get(0)).isNotSameAs(written.get(1));
        push.release();
        assertThat(written.get(0).refCnt()).as("still held by the pending writes").isEqualTo(500);
        written.forEach(ByteBuf::release);
        assertThat(written.get(0).refCnt()).isZero();
        assertThat(written.get(1).refCnt()).isZero();
    }
}
