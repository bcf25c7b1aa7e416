package io.switchboard.client;

import io.switchboard.protocol.ClientErrorCode;
import io.switchboard.protocol.Command;
import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.Payload;
import io.switchboard.protocol.codec.Codecs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(10)
class CommandCheckTest {

    private static Command publish(String json) {
        return new Command.Publish(CommandCheck.PROBE_ID, "chat:x", Payload.ofJson(json));
    }

    @Test
    void aValidCommandPasses() {
        assertThat(CommandCheck.problem(Codecs.JSON, publish("{\"a\":[1,2]}"), 1024)).isNull();
        assertThat(CommandCheck.problem(Codecs.PROTOBUF, publish("\"text\""), 1024)).isNull();
    }

    @Test
    void dataThatIsNotJsonIsABadRequestInBothFormats() {
        assertThat(CommandCheck.problem(Codecs.JSON, publish("{oops"), 1024).code()).isEqualTo(ErrorCode.BAD_REQUEST.code());
        assertThat(CommandCheck.problem(Codecs.PROTOBUF, publish("{oops"), 1024).code()).isEqualTo(ErrorCode.BAD_REQUEST.code());
        assertThat(CommandCheck.problem(Codecs.JSON, publish("1 2"), 1024)).isNotNull();
    }

    @Test
    void aFrameOverTheLimitIsRefusedLocally() {
        SwitchboardException e = CommandCheck.problem(Codecs.JSON, publish("\"" + "x".repeat(2_000) + "\""), 1_024);
        assertThat(e.clientCode()).contains(ClientErrorCode.MESSAGE_TOO_LARGE);
        assertThat(e.temporary()).isFalse();
    }
}
