package io.switchboard.protocol.codec;

import io.switchboard.protocol.ClientInfo;
import io.switchboard.protocol.Payload;
import io.switchboard.protocol.ProtocolException;
import io.switchboard.protocol.Publication;
import io.switchboard.protocol.Push;
import io.switchboard.protocol.Reply;
import io.switchboard.protocol.ReplyError;
import io.switchboard.protocol.Result;
import io.switchboard.protocol.ServerFrame;
import io.switchboard.protocol.codec.JsonTree.Arr;
import io.switchboard.protocol.codec.JsonTree.Bool;
import io.switchboard.protocol.codec.JsonTree.Node;
import io.switchboard.protocol.codec.JsonTree.Null;
import io.switchboard.protocol.codec.JsonTree.Num;
import io.switchboard.protocol.codec.JsonTree.Obj;
import io.switchboard.protocol.codec.JsonTree.Str;

import java.util.ArrayList;
import java.util.List;

/** Decodes one JSON server frame (reply or push) for clients and tests. See {@link JsonCodec}. */
final class JsonServerFrameReader {

    private final byte[] frame;

    JsonServerFrameReader(byte[] frame) {
        this.frame = frame;
    }

    ServerFrame read() throws ProtocolException {
        Node root = JsonTree.parse(frame);
        if (!(root instanceof Obj o)) {
            throw new ProtocolException("a server frame must be a JSON object");
        }
        if (o.fields().containsKey("push")) {
            return new ServerFrame.PushFrame(push(o));
        }
        if (o.fields().containsKey("id")) {
            return new ServerFrame.ReplyFrame(reply(o));
        }
        throw new ProtocolException("a server frame holds either push or id");
    }

    private Reply reply(Obj o) throws ProtocolException {
        long id = integer(o, "id");
        Node result = o.fields().get("result");
        Node error = o.fields().get("error");
        if ((result == null) == (error == null)) {
            throw new ProtocolException("a reply holds either result or error");
        }
        if (error != null) {
            Obj e = object(error, "error");
            return Reply.error(id, new ReplyError((int) integer(e, "code"), string(e, "message"),
                    bool(e, "temporary")));
        }
        return Reply.ok(id, result(object(result, "result")));
    }

    private Result result(Obj r) throws ProtocolException {
        var f = r.fields();
        if (f.containsKey("clients")) {
            List<ClientInfo> clients = new ArrayList<>();
            for (Node n : array(r, "clients")) {
                clients.add(clientInfo(object(n, "clients[]")));
            }
            return new Result.Presence(List.copyOf(clients));
        }
        if (f.containsKey("recoverable") || f.containsKey("recovered")) {
            return new Result.Subscribe(optInteger(r, "offset"), optString(r, "epoch", ""),
                    bool(r, "recoverable"), bool(r, "recovered"),
                    f.containsKey("publications") ? publications(r) : List.of());
        }
        if (f.containsKey("publications")) {
            return new Result.History(publications(r), optInteger(r, "offset"), optString(r, "epoch", ""));
        }
        if (f.containsKey("expires")) {
            return new Result.Refresh(integer(r, "expires"));
        }
        if (f.containsKey("offset") || f.containsKey("epoch")) {
            return new Result.Publish(optInteger(r, "offset"), optString(r, "epoch", ""));
        }
        return Result.Empty.INSTANCE;
    }

    private List<Publication> publications(Obj o) throws ProtocolException {
        List<Publication> list = new ArrayList<>();
        for (Node n : array(o, "publications")) {
            list.add(publication(object(n, "publications[]")));
        }
        return List.copyOf(list);
    }

    private Publication publication(Obj p) throws ProtocolException {
        Node info = p.fields().get("info");
        return new Publication(string(p, "id"), integer(p, "offset"), payload(p, "data"),
                info == null || info instanceof Null ? null : clientInfo(object(info, "info")));
    }

    private ClientInfo clientInfo(Obj c) throws ProtocolException {
        Node info = c.fields().get("info");
        return new ClientInfo(string(c, "client"), string(c, "user"),
                info == null ? null : JsonTree.raw(frame, info));
    }

    /** A known push type, or {@link Push.Unknown} for any other non-empty name (clients ignore those). */
    private Push push(Obj o) throws ProtocolException {
        String type = string(o, "push");
        if (type == null || type.isEmpty()) {
            throw new ProtocolException("push must name a push type");
        }
        switch (type) {
            case "connected":
                return new Push.Connected(string(o, "client"), string(o, "user"), string(o, "node"),
                        (int) integer(o, "heartbeat"), optInteger(o, "expires"));
            case "publication":
                return new Push.PublicationPush(string(o, "channel"), publication(o));
            case "message":
                return new Push.Message(payload(o, "data"), optString(o, "from", null));
            case "join":
                return new Push.Join(string(o, "channel"), clientInfo(object(o.fields().get("info"), "info")));
            case "leave":
                return new Push.Leave(string(o, "channel"), clientInfo(object(o.fields().get("info"), "info")));
            case "unsubscribed":
                return new Push.Unsubscribed(string(o, "channel"), (int) integer(o, "code"), string(o, "reason"));
            case "disconnect":
                return new Push.Disconnect((int) integer(o, "code"), string(o, "reason"), bool(o, "reconnect"),
                        integer(o, "delay"));
            default:
                return new Push.Unknown(type); // from a newer server: the fields are not looked at
        }
    }

    // ---------------------------------------------------------------------------------------------

    private static Obj object(Node n, String name) throws ProtocolException {
        if (n instanceof Obj o) {
            return o;
        }
        throw new ProtocolException(name + " must be an object");
    }

    private static List<Node> array(Obj o, String name) throws ProtocolException {
        if (o.fields().get(name) instanceof Arr a) {
            return a.items();
        }
        throw new ProtocolException(name + " must be an array");
    }

    private static String string(Obj o, String name) throws ProtocolException {
        Node n = o.fields().get(name);
        if (n instanceof Str s) {
            return s.value();
        }
        if (n instanceof Null) {
            return null; // the encoder writes a null string as JSON null
        }
        if (n == null) {
            throw new ProtocolException(name + " is required");
        }
        throw new ProtocolException(name + " must be a string");
    }

    private static String optString(Obj o, String name, String absent) throws ProtocolException {
        return o.fields().containsKey(name) ? string(o, name) : absent;
    }

    private static long integer(Obj o, String name) throws ProtocolException {
        if (o.fields().get(name) instanceof Num n && n.exact()) {
            return n.value();
        }
        throw new ProtocolException(name + " must be an integer");
    }

    private static long optInteger(Obj o, String name) throws ProtocolException {
        return o.fields().containsKey(name) ? integer(o, name) : 0;
    }

    private static boolean bool(Obj o, String name) throws ProtocolException {
        if (o.fields().get(name) instanceof Bool b) {
            return b.value();
        }
        throw new ProtocolException(name + " must be a boolean");
    }

    private Payload payload(Obj o, String name) throws ProtocolException {
        Node n = o.fields().get(name);
        if (n == null) {
            throw new ProtocolException(name + " is required");
        }
        return JsonTree.raw(frame, n);
    }
}
