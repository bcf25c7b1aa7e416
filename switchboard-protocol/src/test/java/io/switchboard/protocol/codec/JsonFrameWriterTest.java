package io.switchboard.protocol.codec;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JsonFrameWriterTest {

    @Test
    void commasNamesAndNesting() {
        byte[] frame = JsonFrameWriter.encode("v", (out, v) -> {
            out.startObject();
            out.stringField("s", v);
            out.startArray("a");
            out.numberValue(1);
            out.startObject();
            out.endObject();
            out.startArray();
            out.endArray();
            out.nullValue();
            out.booleanValue(false);
            out.rawValue("{\"r\" : 1}".getBytes(StandardCharsets.UTF_8));
            out.endArray();
            out.startObject("o");
            out.booleanField("t", true);
            out.stringField("n", null);
            out.endObject();
            out.name("empty");
            out.startObject();
            out.endObject();
            out.endObject();
        });

        assertThat(text(frame)).isEqualTo(
                "{\"s\":\"v\",\"a\":[1,{},[],null,false,{\"r\" : 1}],\"o\":{\"t\":true,\"n\":null},\"empty\":{}}");
    }

    @Test
    void longsAsDecimals() {
        Random random = new Random(7);
        long[] values = new long[10_000];
        values[0] = Long.MIN_VALUE;
        values[1] = Long.MAX_VALUE;
        values[2] = 0;
        values[3] = -1;
        for (int i = 4; i < values.length; i++) {
            values[i] = random.nextLong() >> random.nextInt(64);
        }
        for (long v : values) {
            assertThat(text(JsonFrameWriter.encode(v, JsonFrameWriter::numberValue))).isEqualTo(Long.toString(v));
        }
    }

    @Test
    void framesLargerThanTheRetainedBufferAndSmallOnesAfterThem() {
        for (int size : new int[] {10, 1_023, 1_024, 1_025, 5_000, 16 * 1024, 16 * 1024 + 1, 200_000, 3, 70_000, 1}) {
            String s = "x".repeat(size);
            byte[] raw = ("\"" + "\u00e9".repeat(size) + "\"").getBytes(StandardCharsets.UTF_8);

            assertThat(text(JsonFrameWriter.encode(s, JsonFrameWriter::stringValue))).isEqualTo("\"" + s + "\"");
            assertThat(JsonFrameWriter.encode(raw, JsonFrameWriter::rawValue)).isEqualTo(raw);
            assertThat(text(JsonFrameWriter.encode("\u0001".repeat(size), JsonFrameWriter::stringValue)))
                    .isEqualTo("\"" + "\\u0001".repeat(size) + "\"");
        }
    }

    @Test
    void anEncodeInsideAnEncodeGetsItsOwnBuffer() {
        byte[] frame = JsonFrameWriter.encode("outer", (out, v) -> {
            out.startArray();
            out.stringValue(v);
            byte[] inner = JsonFrameWriter.encode("inner", (in, w) -> {
                in.startArray();
                in.stringValue(w);
                in.endArray();
            });
            out.rawValue(inner);
            out.stringValue(v);
            out.endArray();
        });

        assertThat(text(frame)).isEqualTo("[\"outer\",[\"inner\"],\"outer\"]");
    }

    @Test
    void aFailedEncodeLeavesNothingBehind() {
        assertThatThrownBy(() -> JsonFrameWriter.encode("a", (out, v) -> {
            out.startObject();
            out.stringField("half", v);
            throw new IllegalStateException("boom");
        })).hasMessage("boom");

        assertThat(text(JsonFrameWriter.encode("b", (out, v) -> {
            out.startObject();
            out.stringField("whole", v);
            out.endObject();
        }))).isEqualTo("{\"whole\":\"b\"}");
    }

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
