package io.switchboard.server.demo;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.core.http.HttpCall;
import io.switchboard.core.http.HttpResult;

import java.io.IOException;

/** The JSON the demo endpoints read from request bodies and answer with. */
final class DemoJson {

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private DemoJson() {
    }

    /**
     * @return the string member {@code name} of the request body, or {@code null} when the body is not a
     *         JSON object with such a member
     */
    static String stringMember(HttpCall call, String name) {
        JsonNode body;
        try {
            body = JSON.readTree(call.body());
        } catch (IOException e) {
            return null;
        }
        if (body == null || !body.isObject() || !body.path(name).isTextual()) {
            return null;
        }
        return body.get(name).asText();
    }

    static ObjectNode object() {
        return JSON.createObjectNode();
    }

    /** {@code {"error": reason}} with the status. */
    static HttpResult error(int status, String reason) {
        return json(status, object().put("error", reason));
    }

    /** The body as an uncached JSON response. */
    static HttpResult json(int status, JsonNode body) {
        return HttpResult.json(status, body.toString()).withHeader("Cache-Control", "no-store");
    }
}
