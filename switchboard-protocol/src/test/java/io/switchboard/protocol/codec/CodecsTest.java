package io.switchboard.protocol.codec;

import io.switchboard.protocol.ProtocolCodec;
import io.switchboard.protocol.Subprotocols;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CodecsTest {

    @Test
    void lookupBySubprotocolName() {
        assertThat(Codecs.forSubprotocol(Subprotocols.JSON)).containsSame(Codecs.JSON);
        assertThat(Codecs.forSubprotocol(Subprotocols.PROTOBUF)).containsSame(Codecs.PROTOBUF);
        assertThat(Codecs.forSubprotocol("switchboard.v2.json")).isEmpty();
        assertThat(Codecs.forSubprotocol("SWITCHBOARD.V1.JSON")).isEmpty();
        assertThat(Codecs.forSubprotocol(null)).isEmpty();
    }

    @Test
    void jsonWhenNoneWasNegotiated() {
        assertThat(Codecs.negotiated(null)).containsSame(Codecs.JSON);
        assertThat(Codecs.negotiated("")).containsSame(Codecs.JSON);
        assertThat(Codecs.negotiated(Subprotocols.PROTOBUF)).containsSame(Codecs.PROTOBUF);
        assertThat(Codecs.negotiated("other")).isEmpty();
    }

    @Test
    void codecsDescribeThemselves() {
        assertThat(Codecs.JSON.subprotocol()).isEqualTo("switchboard.v1.json");
        assertThat(Codecs.JSON.binary()).isFalse();
        assertThat(Codecs.PROTOBUF.subprotocol()).isEqualTo("switchboard.v1.proto");
        assertThat(Codecs.PROTOBUF.binary()).isTrue();
        assertThat(Codecs.ALL).extracting(ProtocolCodec::subprotocol)
                .containsExactly(Subprotocols.JSON, Subprotocols.PROTOBUF);
        assertThat(Codecs.subprotocolList()).isEqualTo("switchboard.v1.json,switchboard.v1.proto");
    }
}
