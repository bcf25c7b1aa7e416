package io.switchboard.protocol.codec;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.switchboard.protocol.Command;
import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.Payload;
import io.switchboard.protocol.ProtocolException;
import io.switchboard.protocol.StreamPosition;

import java.io.IOException;

/**
 * Reads one JSON command frame in a single streaming pass.
 *
 * <p>Fields may come in any order, so problems with {@code method} and {@code params} are only noted
 * while reading and reported once the whole frame parsed and the id is known. Each known parameter has
 * one type whatever the method, so it is checked as it is read; a problem with a parameter the method
 * does not use is ignored like any unknown field.
 */
final class JsonCommandReader {

    /** Every parameter any method takes, with its one wire type. */
    private enum Param {
        CHANNEL("channel"), RECOVER("recover"), OFFSET("offset"), EPOCH("epoch"), DATA("data"),
        USER("user"), LIMIT("limit"), SINCE("since"), TOKEN("token");

        final String wire;

        Param(String wire) {
            this.wire = wire;
        }

        static Param of(String name) {
            switch (name) {
                case "channel": return CHANNEL;
                case "recover": return RECOVER;
                case "offset": return OFFSET;
                case "epoch": return EPOCH;
                case "data": return DATA;
                case "user": return USER;
                case "limit": return LIMIT;
                case "since": return SINCE;
                case "token": return TOKEN;
                default: return null;
            }
        }
    }

    private static final int PARAMS = Param.values().length;
    private static final String ID_RULE = "id must be an integer from 1 to 2^53-1";

    private final JsonParser p;
    private final byte[] frame;

    private long id;
    private String method;
    private String methodProblem;
    private boolean methodSeen;
    private boolean paramsSeen;
    private String paramsProblem;
    private final boolean[] seen = new boolean[PARAMS];
    private final Object[] values = new Object[PARAMS];
    private final String[] problems = new String[PARAMS];

    private JsonCommandReader(JsonParser p, byte[] frame) {
        this.p = p;
        this.frame = frame;
    }

    static Command read(byte[] frame) throws ProtocolException {
        if (frame == null || frame.length == 0) {
            throw new ProtocolException("empty frame");
        }
        try (JsonParser p = JsonSupport.open(JsonSupport.COMMANDS, frame)) {
            return new JsonCommandReader(p, frame).read();
        } catch (IOException e) {
            throw JsonSupport.unreadable(e);
        }
    }

    private Command read() throws IOException, ProtocolException {
        if (p.nextToken() != JsonToken.START_OBJECT) {
            throw new ProtocolException("a command must be a JSON object");
        }
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken value = p.nextToken();
            switch (name) {
                case "id":
                    readId(value);
                    break;
                case "method":
                    readMethod(value);
                    break;
                case "params":
                    readParams(value);
                    break;
                default:
                    p.skipChildren();
            }
        }
        if (p.nextToken() != null) {
            throw new ProtocolException("unexpected data after the command object");
        }
        if (id == 0) {
            throw new ProtocolException("id is required");
        }
        return build();
    }

    private void readId(JsonToken t) throws IOException, ProtocolException {
        if (id != 0) {
            throw new ProtocolException("duplicate field id");
        }
        long value = integer(t, JsonSupport.MAX_ID);
        if (value < 1) {
            throw new ProtocolException(ID_RULE);
        }
        id = value;
    }

    private void readMethod(JsonToken t) throws IOException {
        if (methodSeen) {
            noteMethodProblem("duplicate field method");
        } else if (t == JsonToken.VALUE_STRING) {
            method = p.getText();
        } else {
            noteMethodProblem("method must be a string");
        }
        methodSeen = true;
        p.skipChildren();
    }

    private void noteMethodProblem(String problem) {
        if (methodProblem == null) {
            methodProblem = problem;
        }
    }

    private void readParams(JsonToken t) throws IOException, ProtocolException {
        if (paramsSeen) {
            paramsProblem = paramsProblem == null ? "duplicate field params" : paramsProblem;
            p.skipChildren();
            return;
        }
        paramsSeen = true;
        if (t == JsonToken.VALUE_NULL) {
            return;
        }
        if (t != JsonToken.START_OBJECT) {
            paramsProblem = "params must be an object";
            p.skipChildren();
            return;
        }
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            Param param = Param.of(p.currentName());
            JsonToken value = p.nextToken();
            if (param == null) {
                p.skipChildren();
            } else {
                readParam(param, value);
            }
        }
    }

    private void readParam(Param k, JsonToken t) throws IOException, ProtocolException {
        int i = k.ordinal();
        if (seen[i]) {
            note(k, "duplicate field " + k.wire);
            p.skipChildren();
            return;
        }
        seen[i] = true;
        if (t == JsonToken.VALUE_NULL && k != Param.DATA) {
            return; // null reads as absent; for data it is a JSON value like any other
        }
        switch (k) {
            case CHANNEL:
            case EPOCH:
            case USER:
            case TOKEN:
                if (t == JsonToken.VALUE_STRING) {
                    values[i] = p.getText();
                } else {
                    note(k, k.wire + " must be a string");
                }
                break;
            case RECOVER:
                if (t == JsonToken.VALUE_TRUE || t == JsonToken.VALUE_FALSE) {
                    values[i] = t == JsonToken.VALUE_TRUE;
                } else {
                    note(k, "recover must be a boolean");
                }
                break;
            case OFFSET:
                long offset = integer(t, Long.MAX_VALUE);
                if (offset >= 0) {
                    values[i] = offset;
                } else {
                    note(k, "offset must be a non-negative integer");
                }
                break;
            case LIMIT:
                long limit = integer(t, Integer.MAX_VALUE);
                if (limit >= 0) {
                    values[i] = (int) limit;
                } else {
                    note(k, "limit must be a non-negative integer no larger than 2147483647");
                }
                break;
            case DATA:
                values[i] = JsonSupport.capture(p, frame);
                break;
            case SINCE:
                readSince(t);
                break;
            default:
                throw new AssertionError(k);
        }
        p.skipChildren();
    }

    private void readSince(JsonToken t) throws IOException, ProtocolException {
        int i = Param.SINCE.ordinal();
        if (t != JsonToken.START_OBJECT) {
            note(Param.SINCE, "since must be an object");
            return;
        }
        long offset = -1;
        String epoch = "";
        boolean epochSeen = false;
        boolean offsetSeen = false;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken value = p.nextToken();
            if (name.equals("offset")) {
                if (offsetSeen) {
                    note(Param.SINCE, "duplicate field since.offset");
                } else if (value != JsonToken.VALUE_NULL) {
                    offset = integer(value, Long.MAX_VALUE);
                    if (offset < 0) {
                        note(Param.SINCE, "since.offset must be a non-negative integer");
                    }
                }
                offsetSeen = true;
            } else if (name.equals("epoch")) {
                if (epochSeen) {
                    note(Param.SINCE, "duplicate field since.epoch");
                } else if (value == JsonToken.VALUE_STRING) {
                    epoch = p.getText();
                } else if (value != JsonToken.VALUE_NULL) {
                    note(Param.SINCE, "since.epoch must be a string");
                }
                epochSeen = true;
            }
            p.skipChildren();
        }
        if (offset < 0) {
            note(Param.SINCE, "since.offset is required");
        }
        values[i] = new StreamPosition(Math.max(offset, 0), epoch);
    }

    /** The integer value of the current token when it is an integer in [0, max], else -1. */
    private long integer(JsonToken t, long max) throws IOException {
        if (t != JsonToken.VALUE_NUMBER_INT || p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
            p.skipChildren();
            return -1;
        }
        long v = p.getLongValue();
        return v >= 0 && v <= max ? v : -1;
    }

    private void note(Param k, String problem) {
        if (problems[k.ordinal()] == null) {
            problems[k.ordinal()] = problem;
        }
    }

    // ---------------------------------------------------------------------------------------------

    private Command build() throws ProtocolException {
        if (methodProblem != null) {
            throw bad(methodProblem);
        }
        if (method == null) {
            throw bad("method is required");
        }
        switch (method) {
            case "subscribe":
                checkParams();
                return new Command.Subscribe(id, required(Param.CHANNEL), flag(Param.RECOVER),
                        number(Param.OFFSET), optional(Param.EPOCH));
            case "unsubscribe":
                checkParams();
                return new Command.Unsubscribe(id, required(Param.CHANNEL));
            case "publish":
                checkParams();
                return new Command.Publish(id, required(Param.CHANNEL), data());
            case "send":
                checkParams();
                return new Command.Send(id, required(Param.USER), data());
            case "presence":
                checkParams();
                return new Command.Presence(id, required(Param.CHANNEL));
            case "history":
                checkParams();
                return new Command.History(id, required(Param.CHANNEL), (int) number(Param.LIMIT), since());
            case "ping":
                checkParams();
                return new Command.Ping(id);
            case "refresh":
                checkParams();
                return new Command.Refresh(id, required(Param.TOKEN));
            default:
                throw new ProtocolException(ErrorCode.METHOD_NOT_FOUND,
                        "unknown method " + JsonSupport.quote(method), id);
        }
    }

    private void checkParams() throws ProtocolException {
        if (paramsProblem != null) {
            throw bad(paramsProblem);
        }
    }

    private void check(Param k) throws ProtocolException {
        String problem = problems[k.ordinal()];
        if (problem != null) {
            throw bad(problem);
        }
    }

    private String required(Param k) throws ProtocolException {
        check(k);
        String s = (String) values[k.ordinal()];
        if (s == null) {
            throw bad(k.wire + " is required");
        }
        if (s.isEmpty()) {
            throw bad(k.wire + " must not be empty");
        }
        return s;
    }

    private String optional(Param k) throws ProtocolException {
        check(k);
        String s = (String) values[k.ordinal()];
        return s == null ? "" : s;
    }

    private boolean flag(Param k) throws ProtocolException {
        check(k);
        return values[k.ordinal()] == Boolean.TRUE;
    }

    private long number(Param k) throws ProtocolException {
        check(k);
        Object v = values[k.ordinal()];
        return v == null ? 0 : ((Number) v).longValue();
    }

    private Payload data() throws ProtocolException {
        check(Param.DATA);
        Payload data = (Payload) values[Param.DATA.ordinal()];
        if (data == null) {
            throw bad("data is required");
        }
        return data;
    }

    private StreamPosition since() throws ProtocolException {
        check(Param.SINCE);
        return (StreamPosition) values[Param.SINCE.ordinal()];
    }

    private ProtocolException bad(String detail) {
        return new ProtocolException(ErrorCode.BAD_REQUEST, detail, id);
    }
}
