package io.switchboard.core.transport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.switchboard.core.transport.UpgradeHeadParser.Progress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The lean request-head parser on its own: incremental parsing at every split point, line ends, header
 * matching, the query token decoded as {@link QueryStringDecoder} does, and what it hands to the codec.
 */
@Timeout(10)
class UpgradeHeadParserTest {

    private static final String HEAD = "GET /ws?token=abc HTTP/1.1\r\n"
            + "Host: node.example.com:8080\r\n"
            + "Upgrade: websocket\r\n"
            + "Connection: keep-alive, Upgrade\r\n"
            + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
            + "Sec-WebSocket-Version: 13\r\n"
            + "Sec-WebSocket-Protocol: switchboard.v1.proto, switchboard.v1.json\r\n"
            + "Origin: https://app.example.com\r\n"
            + "User-Agent: test\r\n"
            + "\r\n";

    /** What the parser made of {@code head} fed in one piece; the buffer is released. */
    private record Parsed(Progress progress, UpgradeHeadParser parser, int readerIndex) {
    }

    private static Parsed parse(String head) {
        ByteBuf in = Unpooled.copiedBuffer(head, StandardCharsets.ISO_8859_1);
        try {
            UpgradeHeadParser parser = new UpgradeHeadParser();
            return new Parsed(parser.parse(in), parser, in.readerIndex());
        } finally {
            in.release();
        }
    }

    private static UpgradeHead head(String head) {
        Parsed p = parse(head);
        assertThat(p.progress()).as(p.parser().invalidReason()).isEqualTo(Progress.COMPLETE);
        return p.parser().head();
    }

    @Test
    void readsWhatTheUpgradeNeedsWithoutConsumingTheBuffer() {
        Parsed p = parse(HEAD + "trailing frame bytes");
        assertThat(p.progress()).isEqualTo(Progress.COMPLETE);
        assertThat(p.readerIndex()).isZero();
        assertThat(p.parser().headLength()).isEqualTo(HEAD.length());
        UpgradeHead h = p.parser().head();
        assertThat(h.get()).isTrue();
        assertThat(h.upgradeWebSocket()).isTrue();
        assertThat(h.connectionUpgrade()).isTrue();
        assertThat(h.key()).isEqualTo("dGhlIHNhbXBsZSBub25jZQ==");
        assertThat(h.repeatedKey()).isFalse();
        assertThat(h.version()).isEqualTo("13");
        assertThat(h.subprotocols()).isEqualTo("switchboard.v1.proto, switchboard.v1.json");
        assertThat(h.origin()).isEqualTo("https://app.example.com");
        assertThat(h.host()).isEqualTo("node.example.com:8080");
        assertThat(h.authorization()).isNull();
        assertThat(h.queryToken()).isEqualTo("abc");
        assertThat(h.toString()).doesNotContain("abc");
    }

    /** Fed in two pieces split at every position, like a cumulating decoder: always the same result. */
    @Test
    void everySplitPointGivesTheSameHead() {
        UpgradeHead whole = head(HEAD);
        byte[] bytes = HEAD.getBytes(StandardCharsets.ISO_8859_1);
        for (int split = 0; split < bytes.length; split++) {
            ByteBuf in = Unpooled.buffer();
            try {
                UpgradeHeadParser parser = new UpgradeHeadParser();
                in.writeBytes(bytes, 0, split);
                assertThat(parser.parse(in)).as("split at %d", split).isEqualTo(Progress.NEED_MORE);
                in.writeBytes(bytes, split, bytes.length - split);
                assertThat(parser.parse(in)).as("split at %d", split).isEqualTo(Progress.COMPLETE);
                assertThat(parser.head()).as("split at %d", split).isEqualTo(whole);
                assertThat(parser.headLength()).isEqualTo(bytes.length);
            } finally {
                in.release();
            }
        }
    }

    @Test
    void bareLfLineEndsAreAccepted() {
        String lf = HEAD.replace("\r\n", "\n");
        Parsed p = parse(lf);
        assertThat(p.progress()).isEqualTo(Progress.COMPLETE);
        assertThat(p.parser().headLength()).isEqualTo(lf.length());
        assertThat(p.parser().head()).isEqualTo(head(HEAD));
    }

    @Test
    void namesAreCaseInsensitiveValuesTrimmedAndListsSplit() {
        UpgradeHead h = head("GET /ws HTTP/1.1\r\n"
                + "uPGRADE:\t h2c ,WebSocket \t\r\n"
                + "CONNECTION:close,UPGRADE\r\n"
                + "sec-websocket-key:   dGhlIHNhbXBsZSBub25jZQ==  \r\n"
                + "SEC-WEBSOCKET-VERSION: 13\r\n"
                + "\r\n");
        assertThat(h.upgradeWebSocket()).isTrue();
        assertThat(h.connectionUpgrade()).isTrue();
        assertThat(h.key()).isEqualTo("dGhlIHNhbXBsZSBub25jZQ==");
        assertThat(h.version()).isEqualTo("13");
        assertThat(h.subprotocols()).isNull();
        assertThat(h.queryToken()).isNull();
    }

    @Test
    void tokensMustMatchWholeListElements() {
        UpgradeHead h = head("GET /ws HTTP/1.1\r\nUpgrade: websockets, web socket\r\nConnection: upgraded\r\n\r\n");
        assertThat(h.upgradeWebSocket()).isFalse();
        assertThat(h.connectionUpgrade()).isFalse();
    }

    @Test
    void repeatedHeaders() {
        UpgradeHead h = head("GET /ws HTTP/1.1\r\n"
                + "Sec-WebSocket-Key: first\r\nSec-WebSocket-Key: second\r\n"
                + "Sec-WebSocket-Protocol: a\r\nSec-WebSocket-Protocol: b, c\r\n"
                + "Host: one\r\nHost: two\r\n"
                + "Upgrade: h2c\r\nUpgrade: websocket\r\n"
                + "\r\n");
        assertThat(h.key()).isEqualTo("first");
        assertThat(h.repeatedKey()).isTrue();
        assertThat(h.subprotocols()).isEqualTo("a,b, c");
        assertThat(h.host()).isEqualTo("one");
        assertThat(h.upgradeWebSocket()).isTrue();
        // present but empty is not absent: the 101 then names the chosen subprotocol, as before
        assertThat(head("GET /ws HTTP/1.1\r\nSec-WebSocket-Protocol:\r\n\r\n").subprotocols()).isEmpty();
    }

    @Test
    void contentLengthZeroIsNoBody() {
        assertThat(head("GET /ws HTTP/1.1\r\nContent-Length: 0\r\n\r\n").get()).isTrue();
    }

    /** The token as {@code QueryStringDecoder(uri).parameters().get("token").get(0)} reads it. */
    @ParameterizedTest
    @ValueSource(strings = {"token=abc", "a=1&token=x%2By+z%20w", "x&token=first;token=second", "a=1;token=q",
            "token", "token=", "token=ab#cd", "%74oken=encoded-name", "==token=zz", "tok%65n=e&token=plain",
            "token=%C3%A9t%C3%A9", "&&token=a=b", "tokens=no&token2=no", "x=token", "token=%", "#token=no", ""})
    void queryTokenIsDecodedAsQueryStringDecoderDoes(String query) {
        Parsed p = parse("GET /ws?" + query + " HTTP/1.1\r\n\r\n");
        if (query.equals("token=%")) { // a broken escape: QueryStringDecoder throws; the parser refuses
            assertThatThrownBy(() -> new QueryStringDecoder("/ws?" + query).parameters())
                    .isInstanceOf(IllegalArgumentException.class);
            assertThat(p.progress()).isEqualTo(Progress.INVALID);
            assertThat(p.parser().invalidReason()).isEqualTo(UpgradeHead.MALFORMED_QUERY);
            return;
        }
        List<String> values = new QueryStringDecoder("/ws?" + query).parameters().get("token");
        String expected = values == null || values.isEmpty() ? null : values.get(0);
        assertThat(p.progress()).isEqualTo(Progress.COMPLETE);
        assertThat(p.parser().head().queryToken()).isEqualTo(expected);
    }

    @Test
    void rawNonAsciiInTheQueryIsReadAsTheCodecReadsIt() {
        assertThat(head("GET /ws?token=\u00e9 HTTP/1.1\r\n\r\n").queryToken()).isEqualTo("\u00e9");
    }

    /** Everything but {@code GET /ws[?query] HTTP/1.1} goes to the codec, which answers it as it always has. */
    @ParameterizedTest
    @ValueSource(strings = {"POST /ws HTTP/1.1\r\n", "get /ws HTTP/1.1\r\n", "GET /wsx HTTP/1.1\r\n",
            "GET /ws/ HTTP/1.1\r\n", "GET /ws#f HTTP/1.1\r\n", "GET /%77s HTTP/1.1\r\n", "GET /healthz HTTP/1.1\r\n",
            "GET /ws HTTP/1.0\r\n", "GET /ws  HTTP/1.1\r\n", "GET /ws HTTP/1.1 x\r\n", "GET /ws?a b HTTP/1.1\r\n",
            "GET /ws\r\n", "\r\nGET /ws HTTP/1.1\r\n", "PRI * HTTP/2.0\r\n"})
    void otherRequestLinesAreNotLean(String line) {
        assertThat(parse(line + "Host: h\r\n\r\n").progress()).isEqualTo(Progress.NOT_LEAN);
    }

    @Test
    void aMismatchIsKnownFromTheFirstBytes() {
        assertThat(parse("P").progress()).isEqualTo(Progress.NOT_LEAN);
        assertThat(parse("GET /a").progress()).isEqualTo(Progress.NOT_LEAN);
        assertThat(parse("GET /wsx").progress()).isEqualTo(Progress.NOT_LEAN);
        assertThat(parse("GET /w").progress()).isEqualTo(Progress.NEED_MORE);
        assertThat(parse("GET /ws?").progress()).isEqualTo(Progress.NEED_MORE);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "GET /ws?a\u0001b HTTP/1.1\r\n\r\n|invalid request line",
            "GET /ws?a\rb HTTP/1.1\r\n\r\n|invalid request line",
            "GET /ws HTTP/1.1\r\nHost: h\r\n folded\r\n\r\n|obs-fold",
            "GET /ws HTTP/1.1\r\nHost: h\r\n\tfolded\r\n\r\n|obs-fold",
            "GET /ws HTTP/1.1\r\nno colon here\r\n\r\n|no ':'",
            "GET /ws HTTP/1.1\r\n: empty name\r\n\r\n|invalid header name",
            "GET /ws HTTP/1.1\r\nHost : space before colon\r\n\r\n|invalid header name",
            "GET /ws HTTP/1.1\r\nX-A: a\u0000b\r\n\r\n|invalid header value",
            "GET /ws HTTP/1.1\r\nX-A: a\rb\r\n\r\n|invalid header value",
            "GET /ws HTTP/1.1\r\nContent-Length: 5\r\n\r\n|request body is not allowed",
            "GET /ws HTTP/1.1\r\ncontent-length: 0010\r\n\r\n|request body is not allowed",
            "GET /ws HTTP/1.1\r\nContent-Length: -1\r\n\r\n|invalid Content-Length",
            "GET /ws HTTP/1.1\r\nContent-Length:\r\n\r\n|invalid Content-Length",
            "GET /ws HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n|request body is not allowed",
            "GET /ws?token=%zz HTTP/1.1\r\n\r\n|malformed query string"})
    void malformedHeadsAreInvalidWithAReason(String headAndReason) {
        String[] parts = headAndReason.split("\\|");
        Parsed p = parse(parts[0]);
        assertThat(p.progress()).isEqualTo(Progress.INVALID);
        assertThat(p.parser().invalidReason()).contains(parts[1]);
    }

    /** The codec's limits, counted as the codec counts them: line ends excluded, request line apart. */
    @Test
    void limitsAreThoseOfTheHttpCodec() {
        String line = "GET /ws?x= HTTP/1.1\r\n";
        String atLimit = line.replace("x=", "x=" + "a".repeat(4096 - line.length() + 2));
        assertThat(parse(atLimit + "\r\n").progress()).isEqualTo(Progress.COMPLETE);
        Parsed longLine = parse(atLimit.replace("x=", "x=a") + "\r\n");
        assertThat(longLine.progress()).isEqualTo(Progress.INVALID);
        assertThat(longLine.parser().invalidReason()).contains("request line too long");

        String headers = "Host: h\r\nX-Pad: " + "a".repeat(8192 - "Host: h".length() - "X-Pad: ".length()) + "\r\n";
        assertThat(parse("GET /ws HTTP/1.1\r\n" + headers + "\r\n").progress()).isEqualTo(Progress.COMPLETE);
        Parsed large = parse("GET /ws HTTP/1.1\r\n" + headers.replace("X-Pad: ", "X-Pad: a") + "\r\n");
        assertThat(large.progress()).isEqualTo(Progress.INVALID);
        assertThat(large.parser().invalidReason()).contains("request headers too large");
    }

    /** A line that never ends is refused once it is over the limit, not buffered until it ends. */
    @Test
    void overlongLinesAreRefusedBeforeTheyEnd() {
        assertThat(parse("GET /ws?" + "a".repeat(5000)).progress()).isEqualTo(Progress.INVALID);
        assertThat(parse("GET /ws HTTP/1.1\r\nX-Pad: " + "a".repeat(9000)).progress()).isEqualTo(Progress.INVALID);
        assertThat(parse("GET /ws HTTP/1.1\r\nX-Pad: " + "a".repeat(8000)).progress()).isEqualTo(Progress.NEED_MORE);
    }
}
