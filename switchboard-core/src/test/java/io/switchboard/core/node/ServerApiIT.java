package io.switchboard.core.node;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.core.Switchboard;
import io.switchboard.core.testing.TestClient;
import io.switchboard.core.testing.TestNode;
import io.switchboard.protocol.Command;
import io.switchboard.protocol.DisconnectCode;
import io.switchboard.protocol.Payload;
import io.switchboard.protocol.Push;
import io.switchboard.protocol.ServerFrame;
import io.switchboard.protocol.UnsubscribeCode;
import io.switchboard.protocol.codec.Codecs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static io.switchboard.core.testing.SimpleTokenVerifier.token;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Every route of the server HTTP API over a real socket: authorization, validation, and the effect
 * of each call on real WebSocket clients.
 */
@Timeout(60)
class ServerApiIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** Every API route with a request that would succeed when authorized. */
    private static final List<String[]> ROUTES = List.of(
            new String[]{"POST", "/api/publish", "{\"channel\":\"chat:auth\",\"data\":1}"},
            new String[]{"POST", "/api/broadcast", "{\"data\":1}"},
            new String[]{"POST", "/api/send", "{\"user\":\"nobody\",\"data\":1}"},
            new String[]{"POST", "/api/disconnect", "{\"user\":\"nobody\"}"},
            new String[]{"POST", "/api/unsubscribe", "{\"user\":\"nobody\",\"channel\":\"chat:auth\"}"},
            new String[]{"GET", "/api/presence?channel=chat:auth", null},
            new String[]{"GET", "/api/history?channel=chat:auth", null},
            new String[]{"GET", "/api/channels", null},
            new String[]{"GET", "/api/info", null});

    static Switchboard node;

    @BeforeAll
    static void start() {
        node = TestNode.start();
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    static Stream<Arguments> routes() {
        return ROUTES.stream().map(r -> Arguments.of(r[0], r[1], r[2]));
    }

    // ---- authorization ----

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("routes")
    void everyRouteRefusesAMissingOrWrongKeyWith401(String method, String path, String body) {
        for (String auth : new String[]{null, "apikey wrong-key-0123456789", "Bearer " + TestNode.API_KEY,
                "apikey " + TestNode.API_KEY + "x", "apikey"}) {
            HttpResponse<String> r = call(node, method, path, body, auth);
            assertThat(r.statusCode()).as("%s %s with Authorization=%s", method, path, auth).isEqualTo(401);
            assertThat(error(r)).contains("Authorization: apikey");
            assertThat(r.body()).doesNotContain(TestNode.API_KEY);
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("routes")
    void everyRouteAcceptsTheRightKey(String method, String path, String body) {
        HttpResponse<String> r = call(node, method, path, body, "apikey " + TestNode.API_KEY);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(json(r).isObject()).isTrue();
        assertThat(r.headers().firstValue("content-type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
        // the scheme is case-insensitive
        assertThat(call(node, method, path, body, "APIKEY " + TestNode.API_KEY).statusCode()).isEqualTo(200);
    }

    @Test
    void everyRouteAnswers404WhenTheApiIsDisabled() {
        Switchboard disabled = TestNode.start(TestNode.options().withApiKey(null));
        try {
            for (String[] route : ROUTES) {
                for (String auth : new String[]{null, "apikey " + TestNode.API_KEY}) {
                    HttpResponse<String> r = call(disabled, route[0], route[1], route[2], auth);
                    assertThat(r.statusCode()).as("%s %s", route[0], route[1]).isEqualTo(404);
                    assertThat(error(r)).contains("disabled");
                }
            }
            // health routes do not depend on the API
            assertThat(call(disabled, "GET", "/healthz", null, null).statusCode()).isEqualTo(200);
        } finally {
            disabled.close();
        }
    }

    // ---- publish ----

    @Test
    void publishReachesASubscriberAndReturnsThePosition() {
        try (TestClient sub = TestClient.connect(node.port(), token("pub-sub"), Codecs.JSON)) {
            String channel = "chat:api-publish";
            assertThat(sub.call(new Command.Subscribe(sub.nextId(), channel, false, 0, null)).error()).isNull();

            HttpResponse<String> r = post("/api/publish", "{\"channel\":\"" + channel + "\",\"data\":{\"text\":\"hi\"}}");
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            JsonNode pos = json(r);
            assertThat(pos.get("offset").asLong()).isPositive();
            assertThat(pos.get("epoch").asText()).isNotBlank();

            Push.PublicationPush p = sub.awaitPush(Push.PublicationPush.class);
            assertThat(p.channel()).isEqualTo(channel);
            assertThat(p.publication().data()).isEqualTo(Payload.ofJson("{\"text\":\"hi\"}"));
            assertThat(p.publication().offset()).isEqualTo(pos.get("offset").asLong());
            assertThat(p.publication().info()).isNull();

            // the next publication continues the same stream
            JsonNode next = json(post("/api/publish", "{\"channel\":\"" + channel + "\",\"data\":[1,2]}"));
            assertThat(next.get("offset").asLong()).isEqualTo(pos.get("offset").asLong() + 1);
            assertThat(next.get("epoch").asText()).isEqualTo(pos.get("epoch").asText());
            assertThat(sub.awaitPush(Push.PublicationPush.class).publication().data()).isEqualTo(Payload.ofJson("[1,2]"));
        }
    }

    @Test
    void publishIntoANamespaceWithoutHistoryReturnsOffsetZero() {
        try (TestClient sub = TestClient.connect(node.port(), token("pub-live"), Codecs.PROTOBUF)) {
            assertThat(sub.call(new Command.Subscribe(sub.nextId(), "live:api", false, 0, null)).error()).isNull();
            HttpResponse<String> r = post("/api/publish", "{\"channel\":\"live:api\",\"data\":\"x\"}");
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(json(r).get("offset").asLong()).isZero();
            assertThat(sub.awaitPush(Push.PublicationPush.class).publication().data()).isEqualTo(Payload.ofJson("\"x\""));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "not json",
            "{\"channel\":",
            "[1,2,3]",
            "\"a string\"",
            "42",
            "",
            "{\"data\":1}",
            "{\"channel\":\"\",\"data\":1}",
            "{\"channel\":7,\"data\":1}",
            "{\"channel\":\"chat:x\"}",
            "{\"channel\":\"nope:x\",\"data\":1}",
            "{\"channel\":\"no-colon\",\"data\":1}"})
    void publishWithABadBodyIs400WithAnErrorObject(String body) {
        HttpResponse<String> r = post("/api/publish", body);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        assertThat(error(r)).isNotBlank();
    }

    @Test
    void publishErrorsNameTheProblem() {
        assertThat(error(post("/api/publish", "not json"))).contains("JSON");
        assertThat(error(post("/api/publish", "[1]"))).contains("object");
        assertThat(error(post("/api/publish", "{\"data\":1}"))).contains("channel");
        assertThat(error(post("/api/publish", "{\"channel\":\"chat:x\"}"))).contains("data");
        assertThat(error(post("/api/publish", "{\"channel\":\"nope:x\",\"data\":1}"))).contains("nope");
    }

    @Test
    void oversizedBodyIsRefusedAndTheNodeGoesOn() {
        String big = "{\"channel\":\"chat:big\",\"data\":\"" + "x".repeat(200 * 1024) + "\"}";
        HttpResponse<String> r = post("/api/publish", big);
        assertThat(r.statusCode()).isEqualTo(413);
        assertThat(post("/api/publish", "{\"channel\":\"chat:big\",\"data\":1}").statusCode()).isEqualTo(200);
    }

    // ---- broadcast ----

    @Test
    void broadcastWithoutChannelsReachesEveryone() {
        try (TestClient a = TestClient.connect(node.port(), token("bc-all-a"), Codecs.JSON);
             TestClient b = TestClient.connect(node.port(), token("bc-all-b"), Codecs.PROTOBUF)) {
            a.awaitPush(Push.Connected.class);
            b.awaitPush(Push.Connected.class);
            HttpResponse<String> r = post("/api/broadcast", "{\"data\":{\"notice\":\"all\"}}");
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            for (TestClient c : List.of(a, b)) {
                Push.Message m = c.awaitPush(Push.Message.class);
                assertThat(m.data()).isEqualTo(Payload.ofJson("{\"notice\":\"all\"}"));
                assertThat(m.from()).isNull();
            }
        }
    }

    @Test
    void broadcastToChannelsReachesOnlyTheirSubscribers() {
        try (TestClient inA = TestClient.connect(node.port(), token("bc-ch-a"), Codecs.JSON);
             TestClient inB = TestClient.connect(node.port(), token("bc-ch-b"), Codecs.PROTOBUF);
             TestClient outsider = TestClient.connect(node.port(), token("bc-ch-out"), Codecs.JSON)) {
            assertThat(inA.call(new Command.Subscribe(inA.nextId(), "chat:bc-1", false, 0, null)).error()).isNull();
            assertThat(inB.call(new Command.Subscribe(inB.nextId(), "live:bc-2", false, 0, null)).error()).isNull();
            assertThat(outsider.call(new Command.Subscribe(outsider.nextId(), "chat:bc-other", false, 0, null)).error()).isNull();

            HttpResponse<String> r = post("/api/broadcast",
                    "{\"data\":{\"notice\":\"channels\"},\"channels\":[\"chat:bc-1\",\"live:bc-2\"]}");
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            assertThat(inA.awaitPush(Push.Message.class).data()).isEqualTo(Payload.ofJson("{\"notice\":\"channels\"}"));
            assertThat(inB.awaitPush(Push.Message.class).data()).isEqualTo(Payload.ofJson("{\"notice\":\"channels\"}"));

            // A later broadcast to everyone is delivered after the channel broadcast would have been:
            // the outsider's first message must be this one.
            assertThat(post("/api/broadcast", "{\"data\":\"marker\"}").statusCode()).isEqualTo(200);
            assertThat(outsider.awaitPush(Push.Message.class).data()).isEqualTo(Payload.ofJson("\"marker\""));
            assertThat(outsider.drain()).noneMatch(f -> f instanceof ServerFrame.PushFrame p
                    && p.push() instanceof Push.Message);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{}",
            "{\"data\":1,\"channels\":\"chat:x\"}",
            "{\"data\":1,\"channels\":[1]}",
            "{\"data\":1,\"channels\":[\"nope:x\"]}",
            "{\"data\":1,\"channels\":[\"bad channel\"]}",
            "[]"})
    void broadcastWithABadBodyIs400(String body) {
        HttpResponse<String> r = post("/api/broadcast", body);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        assertThat(error(r)).isNotBlank();
    }

    // ---- send ----

    @Test
    void sendReachesEveryConnectionOfTheUserOnly() {
        try (TestClient u1 = TestClient.connect(node.port(), token("send-target"), Codecs.JSON);
             TestClient u2 = TestClient.connect(node.port(), token("send-target"), Codecs.PROTOBUF);
             TestClient other = TestClient.connect(node.port(), token("send-other"), Codecs.JSON)) {
            other.awaitPush(Push.Connected.class);
            HttpResponse<String> r = post("/api/send", "{\"user\":\"send-target\",\"data\":{\"n\":1}}");
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            for (TestClient c : List.of(u1, u2)) {
                Push.Message m = c.awaitPush(Push.Message.class);
                assertThat(m.data()).isEqualTo(Payload.ofJson("{\"n\":1}"));
                assertThat(m.from()).isNull();
            }
            assertThat(post("/api/send", "{\"user\":\"send-other\",\"data\":\"marker\"}").statusCode()).isEqualTo(200);
            assertThat(other.awaitPush(Push.Message.class).data()).isEqualTo(Payload.ofJson("\"marker\""));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"data\":1}", "{\"user\":\"\",\"data\":1}", "{\"user\":\"x\"}", "{\"user\":5,\"data\":1}"})
    void sendWithABadBodyIs400(String body) {
        HttpResponse<String> r = post("/api/send", body);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        assertThat(error(r)).isNotBlank();
    }

    @Test
    void sendToAnAbsentUserSucceedsQuietly() {
        assertThat(post("/api/send", "{\"user\":\"nobody-here\",\"data\":1}").statusCode()).isEqualTo(200);
    }

    // ---- disconnect ----

    @Test
    void disconnectWithReconnectTellsTheClientToComeBack() {
        try (TestClient c = TestClient.connect(node.port(), token("dc-again"), Codecs.JSON)) {
            c.awaitPush(Push.Connected.class);
            HttpResponse<String> r = post("/api/disconnect", "{\"user\":\"dc-again\",\"reconnect\":true}");
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            Push.Disconnect d = c.awaitPush(Push.Disconnect.class);
            assertThat(d.code()).isEqualTo(DisconnectCode.SERVER_RECONNECT.code()).isEqualTo(3000);
            assertThat(d.reconnect()).isTrue();
            assertThat(c.awaitClose()).isEqualTo(3000);
        }
    }

    @Test
    void disconnectWithoutReconnectTellsTheClientToStayAway() {
        try (TestClient c = TestClient.connect(node.port(), token("dc-never"), Codecs.PROTOBUF)) {
            c.awaitPush(Push.Connected.class);
            HttpResponse<String> r = post("/api/disconnect", "{\"user\":\"dc-never\",\"reconnect\":false}");
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            Push.Disconnect d = c.awaitPush(Push.Disconnect.class);
            assertThat(d.code()).isEqualTo(DisconnectCode.SERVER_FORCE.code()).isEqualTo(3500);
            assertThat(d.reconnect()).isFalse();
            assertThat(c.awaitClose()).isEqualTo(3500);
        }
    }

    @Test
    void disconnectAdvisesReconnectByDefault() {
        try (TestClient c = TestClient.connect(node.port(), token("dc-default"), Codecs.JSON)) {
            c.awaitPush(Push.Connected.class);
            assertThat(post("/api/disconnect", "{\"user\":\"dc-default\"}").statusCode()).isEqualTo(200);
            Push.Disconnect d = c.awaitPush(Push.Disconnect.class);
            assertThat(d.code()).isEqualTo(3000);
            assertThat(d.reconnect()).isTrue();
            assertThat(c.awaitClose()).isEqualTo(3000);
        }
    }

    @Test
    void disconnectOfOneClientLeavesTheUsersOtherConnections() {
        try (TestClient first = TestClient.connect(node.port(), token("dc-one"), Codecs.JSON);
             TestClient second = TestClient.connect(node.port(), token("dc-one"), Codecs.JSON)) {
            String firstId = first.awaitPush(Push.Connected.class).client();
            second.awaitPush(Push.Connected.class);
            HttpResponse<String> r = post("/api/disconnect",
                    "{\"user\":\"dc-one\",\"client\":\"" + firstId + "\",\"reconnect\":false}");
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            assertThat(first.awaitClose()).isEqualTo(3500);
            assertThat(second.call(new Command.Ping(second.nextId())).error()).isNull();
            assertThat(second.isClosed()).isFalse();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"{}", "{\"user\":\"\"}", "{\"user\":\"x\",\"reconnect\":\"yes\"}", "nope"})
    void disconnectWithABadBodyIs400(String body) {
        HttpResponse<String> r = post("/api/disconnect", body);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        assertThat(error(r)).isNotBlank();
    }

    // ---- unsubscribe ----

    @Test
    void unsubscribeEndsTheSubscriptionWithCode2000() {
        try (TestClient c = TestClient.connect(node.port(), token("unsub-user"), Codecs.JSON)) {
            String channel = "chat:api-unsub";
            assertThat(c.call(new Command.Subscribe(c.nextId(), channel, false, 0, null)).error()).isNull();
            assertThat(c.call(new Command.Subscribe(c.nextId(), "live:api-unsub-keep", false, 0, null)).error()).isNull();

            HttpResponse<String> r = post("/api/unsubscribe", "{\"user\":\"unsub-user\",\"channel\":\"" + channel + "\"}");
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            Push.Unsubscribed u = c.awaitPush(Push.Unsubscribed.class);
            assertThat(u.channel()).isEqualTo(channel);
            assertThat(u.code()).isEqualTo(UnsubscribeCode.SERVER.code()).isEqualTo(2000);

            // no longer delivered; the other subscription and the connection still work
            assertThat(post("/api/publish", "{\"channel\":\"" + channel + "\",\"data\":\"gone\"}").statusCode()).isEqualTo(200);
            assertThat(post("/api/publish", "{\"channel\":\"live:api-unsub-keep\",\"data\":\"kept\"}").statusCode()).isEqualTo(200);
            Push.PublicationPush kept = c.awaitPush(Push.PublicationPush.class);
            assertThat(kept.channel()).isEqualTo("live:api-unsub-keep");
            assertThat(c.call(new Command.Ping(c.nextId())).error()).isNull();
            assertThat(c.drain()).noneMatch(f -> f instanceof ServerFrame.PushFrame p
                    && p.push() instanceof Push.PublicationPush pub && pub.channel().equals(channel));
            // the client may subscribe again
            assertThat(c.call(new Command.Subscribe(c.nextId(), channel, false, 0, null)).error()).isNull();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"user\":\"x\"}", "{\"channel\":\"chat:x\"}", "{\"user\":\"x\",\"channel\":\"nope:x\"}"})
    void unsubscribeWithABadBodyIs400(String body) {
        HttpResponse<String> r = post("/api/unsubscribe", body);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        assertThat(error(r)).isNotBlank();
    }

    // ---- presence ----

    @Test
    void presenceListsTheSubscribers() {
        try (TestClient a = TestClient.connect(node.port(), token("pres-a"), Codecs.JSON);
             TestClient b = TestClient.connect(node.port(), token("pres-b"), Codecs.PROTOBUF)) {
            String channel = "chat:api-presence";
            String aId = a.awaitPush(Push.Connected.class).client();
            String bId = b.awaitPush(Push.Connected.class).client();
            assertThat(a.call(new Command.Subscribe(a.nextId(), channel, false, 0, null)).error()).isNull();
            assertThat(b.call(new Command.Subscribe(b.nextId(), channel, false, 0, null)).error()).isNull();

            await().untilAsserted(() -> {
                HttpResponse<String> r = get("/api/presence?channel=" + channel);
                assertThat(r.statusCode()).isEqualTo(200);
                List<String> seen = new ArrayList<>();
                json(r).get("clients").forEach(n -> seen.add(n.get("client").asText() + "/" + n.get("user").asText()));
                assertThat(seen).containsExactlyInAnyOrder(aId + "/pres-a", bId + "/pres-b");
            });

            assertThat(b.call(new Command.Unsubscribe(b.nextId(), channel)).error()).isNull();
            await().untilAsserted(() -> assertThat(json(get("/api/presence?channel=" + channel)).get("clients"))
                    .hasSize(1));
        }
        assertThat(json(get("/api/presence?channel=chat:api-presence-empty")).get("clients")).isEmpty();
    }

    @Test
    void presenceNeedsAChannelWithPresence() {
        assertThat(get("/api/presence").statusCode()).isEqualTo(400);
        assertThat(get("/api/presence?channel=").statusCode()).isEqualTo(400);
        assertThat(get("/api/presence?channel=nope:x").statusCode()).isEqualTo(400);
        HttpResponse<String> off = get("/api/presence?channel=news:x");
        assertThat(off.statusCode()).isEqualTo(400);
        assertThat(error(off)).contains("presence");
    }

    // ---- history ----

    @Test
    void historyReturnsTheNewestPublicationsAndThoseAfterAPosition() {
        String channel = "chat:api-history";
        List<JsonNode> positions = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            positions.add(json(post("/api/publish", "{\"channel\":\"" + channel + "\",\"data\":{\"n\":" + i + "}}")));
        }
        String epoch = positions.get(0).get("epoch").asText();
        long last = positions.get(4).get("offset").asLong();

        JsonNode all = json(get("/api/history?channel=" + channel));
        assertThat(offsets(all)).containsExactly(last - 4, last - 3, last - 2, last - 1, last);
        assertThat(all.get("offset").asLong()).isEqualTo(last);
        assertThat(all.get("epoch").asText()).isEqualTo(epoch);
        assertThat(all.get("publications").get(0).get("data").get("n").asInt()).isEqualTo(1);
        assertThat(all.get("publications").get(0).get("id").asText()).isNotBlank();

        JsonNode newest = json(get("/api/history?channel=" + channel + "&limit=2"));
        assertThat(offsets(newest)).containsExactly(last - 1, last);
        assertThat(newest.get("publications").get(1).get("data").get("n").asInt()).isEqualTo(5);

        JsonNode after = json(get("/api/history?channel=" + channel + "&since_offset=" + (last - 2) + "&since_epoch=" + epoch));
        assertThat(offsets(after)).containsExactly(last - 1, last);

        JsonNode afterLimited = json(get("/api/history?channel=" + channel + "&since_offset=" + (last - 4)
                + "&since_epoch=" + epoch + "&limit=2"));
        assertThat(offsets(afterLimited)).containsExactly(last - 3, last - 2);

        JsonNode upToDate = json(get("/api/history?channel=" + channel + "&since_offset=" + last + "&since_epoch=" + epoch));
        assertThat(offsets(upToDate)).isEmpty();
        assertThat(upToDate.get("offset").asLong()).isEqualTo(last);
    }

    @Test
    void historyAnswers409WhenThePositionIsGone() {
        String channel = "news:api-history-gone"; // keeps 10
        String epoch = null;
        for (int i = 1; i <= 15; i++) {
            epoch = json(post("/api/publish", "{\"channel\":\"" + channel + "\",\"data\":" + i + "}")).get("epoch").asText();
        }
        HttpResponse<String> gone = get("/api/history?channel=" + channel + "&since_offset=1&since_epoch=" + epoch);
        assertThat(gone.statusCode()).as(gone.body()).isEqualTo(409);
        assertThat(error(gone)).isNotBlank();

        HttpResponse<String> otherEpoch = get("/api/history?channel=" + channel + "&since_offset=14&since_epoch=not-" + epoch);
        assertThat(otherEpoch.statusCode()).as(otherEpoch.body()).isEqualTo(409);

        HttpResponse<String> future = get("/api/history?channel=" + channel + "&since_offset=99&since_epoch=" + epoch);
        assertThat(future.statusCode()).as(future.body()).isEqualTo(409);

        // still inside what is kept: fine
        HttpResponse<String> kept = get("/api/history?channel=" + channel + "&since_offset=5&since_epoch=" + epoch);
        assertThat(kept.statusCode()).as(kept.body()).isEqualTo(200);
        assertThat(offsets(json(kept))).containsExactly(6L, 7L, 8L, 9L, 10L, 11L, 12L, 13L, 14L, 15L);
        // without a position: the newest 10
        assertThat(offsets(json(get("/api/history?channel=" + channel)))).hasSize(10).endsWith(15L);
    }

    @Test
    void historyRejectsBadParameters() {
        assertThat(get("/api/history").statusCode()).isEqualTo(400);
        assertThat(get("/api/history?channel=nope:x").statusCode()).isEqualTo(400);
        assertThat(get("/api/history?channel=live:x").statusCode()).isEqualTo(400); // no history there
        assertThat(get("/api/history?channel=chat:x&limit=-1").statusCode()).isEqualTo(400);
        assertThat(get("/api/history?channel=chat:x&limit=abc").statusCode()).isEqualTo(400);
        assertThat(get("/api/history?channel=chat:x&since_offset=x&since_epoch=e").statusCode()).isEqualTo(400);
        assertThat(error(get("/api/history?channel=chat:x&limit=abc"))).contains("limit");
    }

    // ---- channels and info ----

    @Test
    void channelsListsChannelsWithSubscribers() {
        String channel = "chat:api-listed";
        try (TestClient c = TestClient.connect(node.port(), token("lister"), Codecs.JSON)) {
            assertThat(c.call(new Command.Subscribe(c.nextId(), channel, false, 0, null)).error()).isNull();
            assertThat(channels()).contains(channel);
            assertThat(c.call(new Command.Unsubscribe(c.nextId(), channel)).error()).isNull();
            await().untilAsserted(() -> assertThat(channels()).doesNotContain(channel));
        }
    }

    @Test
    void infoDescribesTheNode() {
        try (TestClient c = TestClient.connect(node.port(), token("info-user"), Codecs.JSON)) {
            c.awaitPush(Push.Connected.class);
            HttpResponse<String> r = get("/api/info");
            assertThat(r.statusCode()).isEqualTo(200);
            JsonNode info = json(r);
            assertThat(info.get("node").asText()).isEqualTo("test-node");
            assertThat(info.get("connections").asInt()).isPositive();
            assertThat(info.get("users").asInt()).isPositive();
            assertThat(info.get("channels").isInt()).isTrue();
            assertThat(info.get("draining").asBoolean()).isFalse();
            assertThat(info.has("uptimeSeconds")).as(info.toString()).isTrue();
        }
    }

    // ---- health and routing ----

    @Test
    void healthAndReadinessNeedNoKey() {
        HttpResponse<String> health = get(node, "/healthz", null);
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(json(health).get("status").asText()).isEqualTo("ok");
        HttpResponse<String> ready = get(node, "/readyz", null);
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(json(ready).get("ready").asBoolean()).isTrue();
    }

    @Test
    void unknownPathIs404AndWrongMethodIs405() {
        assertThat(call(node, "GET", "/nope", null, null).statusCode()).isEqualTo(404);
        assertThat(call(node, "GET", "/api/nope", null, "apikey " + TestNode.API_KEY).statusCode()).isEqualTo(404);
        assertThat(call(node, "POST", "/api/publishx", "{}", "apikey " + TestNode.API_KEY).statusCode()).isEqualTo(404);

        assertThat(call(node, "GET", "/api/publish", null, "apikey " + TestNode.API_KEY).statusCode()).isEqualTo(405);
        assertThat(call(node, "POST", "/api/info", "{}", "apikey " + TestNode.API_KEY).statusCode()).isEqualTo(405);
        assertThat(call(node, "DELETE", "/api/history", null, "apikey " + TestNode.API_KEY).statusCode()).isEqualTo(405);
        assertThat(call(node, "POST", "/healthz", "{}", null).statusCode()).isEqualTo(405);
        assertThat(call(node, "PUT", "/readyz", "{}", null).statusCode()).isEqualTo(405);
    }

    // ---- helpers ----

    private static List<Long> offsets(JsonNode history) {
        List<Long> out = new ArrayList<>();
        history.get("publications").forEach(p -> out.add(p.get("offset").asLong()));
        return out;
    }

    private static List<String> channels() {
        HttpResponse<String> r = get("/api/channels");
        assertThat(r.statusCode()).isEqualTo(200);
        List<String> out = new ArrayList<>();
        json(r).get("channels").forEach(n -> out.add(n.asText()));
        return out;
    }

    private static HttpResponse<String> post(String path, String body) {
        return call(node, "POST", path, body, "apikey " + TestNode.API_KEY);
    }

    private static HttpResponse<String> get(String path) {
        return get(node, path, "apikey " + TestNode.API_KEY);
    }

    private static HttpResponse<String> get(Switchboard target, String path, String auth) {
        return call(target, "GET", path, null, auth);
    }

    static HttpResponse<String> call(Switchboard target, String method, String path, String body, String auth) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + target.port() + path))
                .timeout(Duration.ofSeconds(10))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        if (auth != null) {
            b.header("Authorization", auth);
        }
        try {
            return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode json(HttpResponse<String> r) {
        try {
            return JSON.readTree(r.body());
        } catch (IOException e) {
            throw new AssertionError("not JSON (" + r.statusCode() + "): " + r.body(), e);
        }
    }

    /** The {@code error} field of an error answer; fails when the body is not {@code {"error":"..."}}. */
    private static String error(HttpResponse<String> r) {
        assertThat(r.headers().firstValue("content-type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
        JsonNode n = json(r);
        assertThat(n.isObject()).as(r.body()).isTrue();
        assertThat(n.get("error")).as(r.body()).isNotNull();
        assertThat(n.get("error").isTextual()).as(r.body()).isTrue();
        return n.get("error").asText();
    }
}
