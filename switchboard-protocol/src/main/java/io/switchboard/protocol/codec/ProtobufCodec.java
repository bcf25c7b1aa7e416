package io.switchboard.protocol.codec;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.UnsafeByteOperations;
import io.switchboard.protocol.ClientInfo;
import io.switchboard.protocol.Command;
import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.Payload;
import io.switchboard.protocol.ProtocolCodec;
import io.switchboard.protocol.ProtocolException;
import io.switchboard.protocol.Publication;
import io.switchboard.protocol.Push;
import io.switchboard.protocol.Reply;
import io.switchboard.protocol.ReplyError;
import io.switchboard.protocol.Result;
import io.switchboard.protocol.ServerFrame;
import io.switchboard.protocol.StreamPosition;
import io.switchboard.protocol.Subprotocols;

import java.util.ArrayList;
import java.util.List;

/**
 * The {@code switchboard.v1.proto} subprotocol: binary frames, exactly one message per frame, schema in
 * {@code src/main/proto/switchboard.proto} (generated classes in {@code io.switchboard.protocol.pb}).
 *
 * <p>Client-sent {@code data} must be the strict UTF-8 text of one well-formed JSON value (nested at
 * most 62 levels, as in a JSON command), because the same bytes are embedded verbatim in JSON frames
 * for JSON subscribers. Payload bytes are wrapped, not copied, when encoding. Stateless and thread-safe.
 *
 * <p>proto3 cannot tell an absent string from an empty one, so an empty required string is "missing",
 * and a null string in the model is encoded as {@code ""}.
 */
public final class ProtobufCodec implements ProtocolCodec {

    public ProtobufCodec() {
    }

    @Override
    public String subprotocol() {
        return Subprotocols.PROTOBUF;
    }

    @Override
    public boolean binary() {
        return true;
    }

    // ---------------------------------------------------------------------------------------------
    // Client -> server

    @Override
    public Command decodeCommand(byte[] frame) throws ProtocolException {
        if (frame == null || frame.length == 0) {
            throw new ProtocolException("empty frame");
        }
        io.switchboard.protocol.pb.Command c;
        try {
            c = io.switchboard.protocol.pb.Command.parseFrom(frame);
        } catch (InvalidProtocolBufferException e) {
            throw new ProtocolException("invalid protobuf Command: " + JsonSupport.truncate(String.valueOf(e.getMessage())));
        }
        long id = c.getId();
        if (!JsonSupport.validId(id)) {
            throw new ProtocolException("id must be an integer from 1 to 2^53-1");
        }
        switch (c.getParamsCase()) {
            case SUBSCRIBE: {
                var s = c.getSubscribe();
                return new Command.Subscribe(id, required(s.getChannel(), "channel", id), s.getRecover(),
                        nonNegative(s.getOffset(), "offset", id), s.getEpoch());
            }
            case UNSUBSCRIBE:
                return new Command.Unsubscribe(id, required(c.getUnsubscribe().getChannel(), "channel", id));
            case PUBLISH: {
                var p = c.getPublish();
                return new Command.Publish(id, required(p.getChannel(), "channel", id), data(p.getData(), id));
            }
            case SEND: {
                var s = c.getSend();
                return new Command.Send(id, required(s.getUser(), "user", id), data(s.getData(), id));
            }
            case PRESENCE:
                return new Command.Presence(id, required(c.getPresence().getChannel(), "channel", id));
            case HISTORY: {
                var h = c.getHistory();
                String channel = required(h.getChannel(), "channel", id);
                if (h.getLimit() < 0) { // uint32 above 2^31-1
                    throw bad("limit must be a non-negative integer no larger than 2147483647", id);
                }
                StreamPosition since = null;
                if (h.hasSince()) {
                    since = new StreamPosition(nonNegative(h.getSince().getOffset(), "since.offset", id),
                            h.getSince().getEpoch());
                }
                return new Command.History(id, channel, h.getLimit(), since);
            }
            case PING:
                return new Command.Ping(id);
            case REFRESH:
                return new Command.Refresh(id, required(c.getRefresh().getToken(), "token", id));
            case PARAMS_NOT_SET:
            default:
                throw new ProtocolException(ErrorCode.METHOD_NOT_FOUND, "no known method set", id);
        }
    }

    private static String required(String value, String field, long id) throws ProtocolException {
        if (value.isEmpty()) {
            throw bad(field + " is required", id);
        }
        return value;
    }

    private static long nonNegative(long value, String field, long id) throws ProtocolException {
        if (value < 0) { // uint64 above 2^63-1
            throw bad(field + " must be a non-negative integer", id);
        }
        return value;
    }

    private static Payload data(ByteString data, long id) throws ProtocolException {
        if (data.isEmpty()) {
            throw bad("data is required", id);
        }
        byte[] bytes = data.toByteArray();
        String problem = JsonSupport.jsonValueProblem(bytes);
        if (problem != null) {
            throw bad("data must be one well-formed JSON value: it " + problem, id);
        }
        return new Payload(bytes);
    }

    private static ProtocolException bad(String detail, long id) {
        return new ProtocolException(ErrorCode.BAD_REQUEST, detail, id);
    }

    @Override
    public byte[] encodeCommand(Command command) {
        var c = io.switchboard.protocol.pb.Command.newBuilder().setId(command.id());
        if (command instanceof Command.Subscribe s) {
            c.setSubscribe(io.switchboard.protocol.pb.SubscribeParams.newBuilder()
                    .setChannel(nz(s.channel())).setRecover(s.recover()).setOffset(s.offset()).setEpoch(nz(s.epoch())));
        } else if (command instanceof Command.Unsubscribe u) {
            c.setUnsubscribe(io.switchboard.protocol.pb.UnsubscribeParams.newBuilder().setChannel(nz(u.channel())));
        } else if (command instanceof Command.Publish p) {
            c.setPublish(io.switchboard.protocol.pb.PublishParams.newBuilder()
                    .setChannel(nz(p.channel())).setData(bytes(p.data())));
        } else if (command instanceof Command.Send s) {
            c.setSend(io.switchboard.protocol.pb.SendParams.newBuilder()
                    .setUser(nz(s.user())).setData(bytes(s.data())));
        } else if (command instanceof Command.Presence p) {
            c.setPresence(io.switchboard.protocol.pb.PresenceParams.newBuilder().setChannel(nz(p.channel())));
        } else if (command instanceof Command.History h) {
            var b = io.switchboard.protocol.pb.HistoryParams.newBuilder().setChannel(nz(h.channel())).setLimit(h.limit());
            if (h.since() != null) {
                b.setSince(position(h.since()));
            }
            c.setHistory(b);
        } else if (command instanceof Command.Ping) {
            c.setPing(io.switchboard.protocol.pb.PingParams.getDefaultInstance());
        } else if (command instanceof Command.Refresh r) {
            c.setRefresh(io.switchboard.protocol.pb.RefreshParams.newBuilder().setToken(nz(r.token())));
        } else {
            throw new IllegalArgumentException("unknown command " + command.method());
        }
        return c.build().toByteArray();
    }

    // ---------------------------------------------------------------------------------------------
    // Server -> client

    @Override
    public byte[] encodeReply(Reply reply) {
        var r = io.switchboard.protocol.pb.Reply.newBuilder().setId(reply.id());
        if (reply.result() != null) {
            r.setResult(result(reply.result()));
        } else {
            ReplyError e = reply.error();
            r.setError(io.switchboard.protocol.pb.ReplyError.newBuilder()
                    .setCode(e.code()).setMessage(nz(e.message())).setTemporary(e.temporary()));
        }
        return io.switchboard.protocol.pb.ServerMessage.newBuilder().setReply(r).build().toByteArray();
    }

    private static io.switchboard.protocol.pb.Result result(Result result) {
        var b = io.switchboard.protocol.pb.Result.newBuilder();
        if (result instanceof Result.Empty) {
            b.setEmpty(io.switchboard.protocol.pb.EmptyResult.getDefaultInstance());
        } else if (result instanceof Result.Subscribe r) {
            var s = io.switchboard.protocol.pb.SubscribeResult.newBuilder()
                    .setOffset(r.offset()).setEpoch(nz(r.epoch()))
                    .setRecoverable(r.recoverable()).setRecovered(r.recovered());
            if (r.publications() != null) {
                for (Publication p : r.publications()) {
                    s.addPublications(publication(p));
                }
            }
            b.setSubscribe(s);
        } else if (result instanceof Result.Publish r) {
            b.setPublish(io.switchboard.protocol.pb.PublishResult.newBuilder()
                    .setOffset(r.offset()).setEpoch(nz(r.epoch())));
        } else if (result instanceof Result.Presence r) {
            var p = io.switchboard.protocol.pb.PresenceResult.newBuilder();
            if (r.clients() != null) {
                for (ClientInfo c : r.clients()) {
                    p.addClients(clientInfo(c));
                }
            }
            b.setPresence(p);
        } else if (result instanceof Result.History r) {
            var h = io.switchboard.protocol.pb.HistoryResult.newBuilder()
                    .setOffset(r.offset()).setEpoch(nz(r.epoch()));
            if (r.publications() != null) {
                for (Publication p : r.publications()) {
                    h.addPublications(publication(p));
                }
            }
            b.setHistory(h);
        } else if (result instanceof Result.Refresh r) {
            b.setRefresh(io.switchboard.protocol.pb.RefreshResult.newBuilder().setExpires(r.expires()));
        } else {
            throw new IllegalArgumentException("unknown result " + result);
        }
        return b.build();
    }

    @Override
    public byte[] encodePush(Push push) {
        if (push instanceof Push.Unknown) {
            throw new IllegalArgumentException("an unknown push cannot be encoded: " + push);
        }
        var b = io.switchboard.protocol.pb.Push.newBuilder();
        if (push instanceof Push.Connected c) {
            b.setConnected(io.switchboard.protocol.pb.ConnectedPush.newBuilder()
                    .setClient(nz(c.client())).setUser(nz(c.user())).setNode(nz(c.node()))
                    .setHeartbeat(c.heartbeat()).setExpires(c.expires()));
        } else if (push instanceof Push.PublicationPush p) {
            b.setPublication(io.switchboard.protocol.pb.PublicationPush.newBuilder()
                    .setChannel(nz(p.channel())).setPublication(publication(p.publication())));
        } else if (push instanceof Push.Message m) {
            var mb = io.switchboard.protocol.pb.MessagePush.newBuilder().setData(bytes(m.data()));
            if (m.from() != null) {
                mb.setFrom(m.from());
            }
            b.setMessage(mb);
        } else if (push instanceof Push.Join j) {
            b.setJoin(io.switchboard.protocol.pb.JoinPush.newBuilder()
                    .setChannel(nz(j.channel())).setInfo(clientInfo(j.info())));
        } else if (push instanceof Push.Leave l) {
            b.setLeave(io.switchboard.protocol.pb.LeavePush.newBuilder()
                    .setChannel(nz(l.channel())).setInfo(clientInfo(l.info())));
        } else if (push instanceof Push.Unsubscribed u) {
            b.setUnsubscribed(io.switchboard.protocol.pb.UnsubscribedPush.newBuilder()
                    .setChannel(nz(u.channel())).setCode(u.code()).setReason(nz(u.reason())));
        } else if (push instanceof Push.Disconnect d) {
            b.setDisconnect(io.switchboard.protocol.pb.DisconnectPush.newBuilder()
                    .setCode(d.code()).setReason(nz(d.reason())).setReconnect(d.reconnect()).setDelay(d.delay()));
        } else {
            throw new IllegalArgumentException("unknown push " + push);
        }
        return io.switchboard.protocol.pb.ServerMessage.newBuilder().setPush(b).build().toByteArray();
    }

    private static io.switchboard.protocol.pb.Publication publication(Publication p) {
        var b = io.switchboard.protocol.pb.Publication.newBuilder()
                .setId(nz(p.id())).setOffset(p.offset()).setData(bytes(p.data()));
        if (p.info() != null) {
            b.setInfo(clientInfo(p.info()));
        }
        return b.build();
    }

    private static io.switchboard.protocol.pb.ClientInfo clientInfo(ClientInfo c) {
        var b = io.switchboard.protocol.pb.ClientInfo.newBuilder()
                .setClient(nz(c.client())).setUser(nz(c.user()));
        if (c.info() != null) {
            b.setInfo(bytes(c.info()));
        }
        return b.build();
    }

    private static io.switchboard.protocol.pb.StreamPosition position(StreamPosition p) {
        return io.switchboard.protocol.pb.StreamPosition.newBuilder()
                .setOffset(p.offset()).setEpoch(nz(p.epoch())).build();
    }

    /** Payload bytes are immutable by contract, so they are wrapped rather than copied. */
    private static ByteString bytes(Payload p) {
        return p == null ? ByteString.EMPTY : UnsafeByteOperations.unsafeWrap(p.json());
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    @Override
    public ServerFrame decodeServerFrame(byte[] frame) throws ProtocolException {
        if (frame == null || frame.length == 0) {
            throw new ProtocolException("empty frame");
        }
        io.switchboard.protocol.pb.ServerMessage m;
        try {
            m = io.switchboard.protocol.pb.ServerMessage.parseFrom(frame);
        } catch (InvalidProtocolBufferException e) {
            throw new ProtocolException("invalid protobuf ServerMessage: " + JsonSupport.truncate(String.valueOf(e.getMessage())));
        }
        switch (m.getKindCase()) {
            case REPLY:
                return new ServerFrame.ReplyFrame(reply(m.getReply()));
            case PUSH:
                return new ServerFrame.PushFrame(push(m.getPush()));
            default:
                throw new ProtocolException("server message holds neither a reply nor a push");
        }
    }

    private static Reply reply(io.switchboard.protocol.pb.Reply r) throws ProtocolException {
        switch (r.getOutcomeCase()) {
            case RESULT:
                return Reply.ok(r.getId(), result(r.getResult()));
            case ERROR: {
                var e = r.getError();
                return Reply.error(r.getId(), new ReplyError(e.getCode(), e.getMessage(), e.getTemporary()));
            }
            default:
                throw new ProtocolException("reply holds neither a result nor an error");
        }
    }

    private static Result result(io.switchboard.protocol.pb.Result r) throws ProtocolException {
        switch (r.getKindCase()) {
            case EMPTY:
                return Result.Empty.INSTANCE;
            case SUBSCRIBE: {
                var s = r.getSubscribe();
                return new Result.Subscribe(s.getOffset(), s.getEpoch(), s.getRecoverable(), s.getRecovered(),
                        publications(s.getPublicationsList()));
            }
            case PUBLISH:
                return new Result.Publish(r.getPublish().getOffset(), r.getPublish().getEpoch());
            case PRESENCE: {
                List<ClientInfo> clients = new ArrayList<>();
                for (var c : r.getPresence().getClientsList()) {
                    clients.add(clientInfo(c));
                }
                return new Result.Presence(List.copyOf(clients));
            }
            case HISTORY: {
                var h = r.getHistory();
                return new Result.History(publications(h.getPublicationsList()), h.getOffset(), h.getEpoch());
            }
            case REFRESH:
                return new Result.Refresh(r.getRefresh().getExpires());
            default:
                throw new ProtocolException("result of an unknown kind");
        }
    }

    private static List<Publication> publications(List<io.switchboard.protocol.pb.Publication> list)
            throws ProtocolException {
        List<Publication> out = new ArrayList<>(list.size());
        for (var p : list) {
            out.add(publication(p));
        }
        return List.copyOf(out);
    }

    private static Publication publication(io.switchboard.protocol.pb.Publication p) throws ProtocolException {
        return new Publication(p.getId(), p.getOffset(), payload(p.getData(), "data"),
                p.hasInfo() ? clientInfo(p.getInfo()) : null);
    }

    private static ClientInfo clientInfo(io.switchboard.protocol.pb.ClientInfo c) throws ProtocolException {
        return new ClientInfo(c.getClient(), c.getUser(), c.hasInfo() ? payload(c.getInfo(), "info") : null);
    }

    private static Payload payload(ByteString bytes, String field) throws ProtocolException {
        if (bytes.isEmpty()) {
            throw new ProtocolException(field + " is empty");
        }
        return new Payload(bytes.toByteArray());
    }

    private static Push push(io.switchboard.protocol.pb.Push p) throws ProtocolException {
        switch (p.getKindCase()) {
            case CONNECTED: {
                var c = p.getConnected();
                return new Push.Connected(c.getClient(), c.getUser(), c.getNode(), c.getHeartbeat(), c.getExpires());
            }
            case PUBLICATION: {
                var pp = p.getPublication();
                if (!pp.hasPublication()) {
                    throw new ProtocolException("publication push without a publication");
                }
                return new Push.PublicationPush(pp.getChannel(), publication(pp.getPublication()));
            }
            case MESSAGE: {
                var m = p.getMessage();
                return new Push.Message(payload(m.getData(), "data"), m.hasFrom() ? m.getFrom() : null);
            }
            case JOIN:
                return new Push.Join(p.getJoin().getChannel(), clientInfo(p.getJoin().getInfo()));
            case LEAVE:
                return new Push.Leave(p.getLeave().getChannel(), clientInfo(p.getLeave().getInfo()));
            case UNSUBSCRIBED: {
                var u = p.getUnsubscribed();
                return new Push.Unsubscribed(u.getChannel(), u.getCode(), u.getReason());
            }
            case DISCONNECT: {
                var d = p.getDisconnect();
                return new Push.Disconnect(d.getCode(), d.getReason(), d.getReconnect(), d.getDelay());
            }
            default:
                return unknownPush(p);
        }
    }

    /**
     * A {@code Push} with none of the known {@code kind} fields set: a push type added by a newer server
     * (a {@code kind} field number this schema lacks) decodes to {@link Push.Unknown} named
     * {@code "#<field number>"}, for the client to ignore; a {@code Push} without such a field (empty,
     * or only known numbers with the wrong wire type) is a broken frame.
     */
    private static Push unknownPush(io.switchboard.protocol.pb.Push p) throws ProtocolException {
        var descriptor = io.switchboard.protocol.pb.Push.getDescriptor();
        for (int number : p.getUnknownFields().asMap().keySet()) { // ascending field numbers
            if (descriptor.findFieldByNumber(number) == null) {
                return new Push.Unknown("#" + number);
            }
        }
        throw new ProtocolException("push of no kind");
    }

    @Override
    public String toString() {
        return "ProtobufCodec[" + subprotocol() + "]";
    }
}
