package io.switchboard.protocol.codec;

import io.switchboard.protocol.Command;
import io.switchboard.protocol.ProtocolCodec;
import io.switchboard.protocol.Push;
import io.switchboard.protocol.Reply;
import io.switchboard.protocol.ServerFrame;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** encode then decode gives back the original, for every message, through both codecs. */
class RoundTripTest {

    static Stream<Arguments> commands() {
        return cross(Samples.commands());
    }

    static Stream<Arguments> replies() {
        return cross(Samples.replies());
    }

    static Stream<Arguments> pushes() {
        return cross(Samples.pushes());
    }

    private static Stream<Arguments> cross(List<?> values) {
        List<Arguments> args = new ArrayList<>();
        for (ProtocolCodec codec : Codecs.ALL) {
            for (Object v : values) {
                args.add(Arguments.of(Named.of(codec.subprotocol(), codec), v));
            }
        }
        return args.stream();
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("commands")
    void command(ProtocolCodec codec, Command command) throws Exception {
        byte[] frame = codec.encodeCommand(command);

        assertThat(codec.decodeCommand(frame)).isEqualTo(command);
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("replies")
    void reply(ProtocolCodec codec, Reply reply) throws Exception {
        byte[] frame = codec.encodeReply(reply);

        assertThat(codec.decodeServerFrame(frame)).isEqualTo(new ServerFrame.ReplyFrame(reply));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("pushes")
    void push(ProtocolCodec codec, Push push) throws Exception {
        byte[] frame = codec.encodePush(push);

        assertThat(codec.decodeServerFrame(frame)).isEqualTo(new ServerFrame.PushFrame(push));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("commands")
    void commandsCrossCodecsUnchanged(ProtocolCodec codec, Command command) throws Exception {
        // What one subprotocol accepts, the other carries unchanged (data bytes included).
        ProtocolCodec other = codec == Codecs.JSON ? Codecs.PROTOBUF : Codecs.JSON;
        Command decoded = codec.decodeCommand(codec.encodeCommand(command));

        assertThat(other.decodeCommand(other.encodeCommand(decoded))).isEqualTo(command);
    }
}
