package io.switchboard.core.hub;

import io.switchboard.core.auth.Claims;
import io.switchboard.core.auth.InvalidTokenException;
import io.switchboard.core.engine.Control;
import io.switchboard.core.engine.HistoryQuery;
import io.switchboard.core.engine.HistorySlice;
import io.switchboard.core.hub.ChannelAccess.Resolved;
import io.switchboard.protocol.Command;
import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.Reply;
import io.switchboard.protocol.ReplyError;
import io.switchboard.protocol.Result;
import io.switchboard.protocol.StreamPosition;
import io.switchboard.protocol.UnsubscribeCode;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * Carries out client commands. Runs on the session's event loop; engine calls may complete on other
 * threads, so their results hop back to that loop before touching the session.
 */
final class CommandHandler {

    private final Hub hub;
    private final ChannelAccess access;

    CommandHandler(Hub hub, ChannelAccess access) {
        this.hub = hub;
        this.access = access;
    }

    void handle(ClientSession session, Command command) {
        // Java 17 has no pattern switch; the sealed hierarchy keeps this list complete.
        if (command instanceof Command.Subscribe c) {
            subscribe(session, c);
        } else if (command instanceof Command.Unsubscribe c) {
            unsubscribe(session, c);
        } else if (command instanceof Command.Publish c) {
            publish(session, c);
        } else if (command instanceof Command.Send c) {
            send(session, c);
        } else if (command instanceof Command.Presence c) {
            presence(session, c);
        } else if (command instanceof Command.History c) {
            history(session, c);
        } else if (command instanceof Command.Ping c) {
            session.reply(Reply.ok(c.id(), Result.Empty.INSTANCE));
        } else if (command instanceof Command.Refresh c) {
            refresh(session, c);
        } else {
            session.replyError(command.id(), ReplyError.of(ErrorCode.METHOD_NOT_FOUND, command.method()));
        }
    }

    private void subscribe(ClientSession session, Command.Subscribe c) {
        Resolved ch = access.resolve(c.channel());
        if (!ch.ok()) {
            session.replyError(c.id(), ch.error());
            return;
        }
        if (session.isSubscribed(c.channel())) {
            session.replyError(c.id(), ReplyError.of(ErrorCode.ALREADY_SUBSCRIBED));
            return;
        }
        if (session.subscriptionCount() >= hub.options().limits().maxSubscriptions()) {
            session.replyError(c.id(), ReplyError.of(ErrorCode.LIMIT_EXCEEDED,
                    "at most " + hub.options().limits().maxSubscriptions() + " subscriptions per connection"));
            return;
        }
        if (!access.maySubscribe(session.claims(), ch.channel(), ch.namespace())) {
            session.replyError(c.id(), ReplyError.of(ErrorCode.PERMISSION_DENIED));
            return;
        }
        ChannelName name = hub.subscriptions().canonical(ch.channel());
        Subscription sub = new Subscription(session, session.transport(), name, ch.namespace());
        session.subscriptions().add(sub);
        // Registered before reading the position: whatever is published from now on is held back
        // by the subscription and de-duplicated against the reply (see Subscription).
        hub.subscriptions().add(sub);
        if (!ch.namespace().keepsHistory()) {
            finishSubscribe(session, sub, c, new Result.Subscribe(0, "", false, false, List.of()), 0);
            return;
        }
        StreamPosition since = c.recover() ? new StreamPosition(c.offset(), c.epoch() == null ? "" : c.epoch()) : null;
        HistoryQuery query = since == null
                ? new HistoryQuery(null, 0)
                : new HistoryQuery(since, ch.namespace().historySize());
        onLoop(session, c.id(), hub.broker().history(c.channel(), query), slice -> {
            if (cancelledWhilePending(session, sub, c)) {
                return;
            }
            boolean recovered = since != null && slice.complete();
            Result.Subscribe result = new Result.Subscribe(slice.position().offset(), slice.position().epoch(),
                    true, recovered, since == null ? List.of() : slice.publications());
            finishSubscribe(session, sub, c, result, slice.position().offset());
        }, () -> {
            session.subscriptions().remove(c.channel());
            hub.subscriptions().remove(sub, false);
        });
    }

    private void finishSubscribe(ClientSession session, Subscription sub, Command.Subscribe c,
                                 Result.Subscribe result, long coveredOffset) {
        if (!sub.namespace().presence()) {
            goLive(session, sub, c, result, coveredOffset);
            return;
        }
        // Presence is stored before the reply: a client holding its subscribe reply finds itself in
        // presence, on every node, and so does anyone it tells that it has subscribed.
        onLoop(session, c.id(), hub.subscriptions().addPresence(sub), stored -> {
            if (!cancelledWhilePending(session, sub, c)) {
                goLive(session, sub, c, result, coveredOffset);
            }
        }, () -> {
            session.subscriptions().remove(c.channel());
            hub.subscriptions().remove(sub, true); // takes back a presence entry the store may have kept
        });
    }

    private void goLive(ClientSession session, Subscription sub, Command.Subscribe c,
                        Result.Subscribe result, long coveredOffset) {
        session.reply(Reply.ok(c.id(), result));
        sub.goLive(coveredOffset);
        hub.subscriptions().announceJoin(sub);
    }

    /** Unsubscribed (by the client or the server) while the subscribe waited for an engine: says so. */
    private static boolean cancelledWhilePending(ClientSession session, Subscription sub, Command.Subscribe c) {
        if (sub.cancelled()) {
            session.replyError(c.id(), ReplyError.of(ErrorCode.NOT_SUBSCRIBED, "unsubscribed before the subscribe completed"));
        }
        return sub.cancelled();
    }

    private void unsubscribe(ClientSession session, Command.Unsubscribe c) {
        Subscription sub = session.subscriptions().remove(c.channel());
        if (sub == null) {
            session.replyError(c.id(), ReplyError.of(ErrorCode.NOT_SUBSCRIBED));
            return;
        }
        // Answered once presence no longer lists the subscriber, as the subscribe reply waits for the add.
        CompletableFuture<Void> removed = hub.subscriptions().remove(sub, true).toCompletableFuture();
        if (removed.isDone()) {
            session.reply(Reply.ok(c.id(), Result.Empty.INSTANCE));
            return;
        }
        onLoop(session, c.id(), removed, v -> session.reply(Reply.ok(c.id(), Result.Empty.INSTANCE)), null);
    }

    private void publish(ClientSession session, Command.Publish c) {
        Resolved ch = access.resolve(c.channel());
        if (!ch.ok()) {
            session.replyError(c.id(), ch.error());
            return;
        }
        if (!access.mayPublish(session.claims(), ch.channel(), ch.namespace())) {
            session.replyError(c.id(), ReplyError.of(ErrorCode.PERMISSION_DENIED));
            return;
        }
        onLoop(session, c.id(), hub.publish(c.channel(), ch.namespace(), c.data(), session.info()),
                pos -> session.reply(Reply.ok(c.id(), new Result.Publish(pos.offset(), pos.epoch()))), null);
    }

    private void send(ClientSession session, Command.Send c) {
        if (c.user() == null || c.user().isBlank() || c.user().length() > 255) {
            session.replyError(c.id(), ReplyError.of(ErrorCode.BAD_REQUEST, "user must be 1-255 characters"));
            return;
        }
        onLoop(session, c.id(), hub.broker().publishControl(new Control.UserMessage(c.user(), c.data(), session.user())),
                v -> session.reply(Reply.ok(c.id(), Result.Empty.INSTANCE)), null);
    }

    private void presence(ClientSession session, Command.Presence c) {
        Resolved ch = readable(session, c.id(), c.channel());
        if (ch == null) {
            return;
        }
        if (!ch.namespace().presence()) {
            session.replyError(c.id(), ReplyError.of(ErrorCode.NOT_AVAILABLE, "presence is off in this namespace"));
            return;
        }
        onLoop(session, c.id(), hub.presence().list(c.channel()),
                clients -> session.reply(Reply.ok(c.id(), new Result.Presence(clients))), null);
    }

    private void history(ClientSession session, Command.History c) {
        Resolved ch = readable(session, c.id(), c.channel());
        if (ch == null) {
            return;
        }
        if (!ch.namespace().keepsHistory()) {
            session.replyError(c.id(), ReplyError.of(ErrorCode.NOT_AVAILABLE, "history is off in this namespace"));
            return;
        }
        int max = ch.namespace().historySize();
        int limit = c.limit() <= 0 ? max : Math.min(c.limit(), max);
        onLoop(session, c.id(), hub.broker().history(c.channel(), new HistoryQuery(c.since(), limit)), slice -> {
            if (c.since() != null && !slice.complete()) {
                session.replyError(c.id(), ReplyError.of(ErrorCode.UNRECOVERABLE_POSITION,
                        "publications after offset " + c.since().offset() + " in epoch '" + c.since().epoch()
                                + "' are no longer in history"));
                return;
            }
            session.reply(Reply.ok(c.id(), historyResult(slice)));
        }, null);
    }

    /**
     * Resolves a channel the session wants to read (presence, history): its name, namespace and the
     * subscribe permission. Replies with the error and returns null when any of them fails.
     */
    private Resolved readable(ClientSession session, long commandId, String channel) {
        Resolved ch = access.resolve(channel);
        if (!ch.ok()) {
            session.replyError(commandId, ch.error());
            return null;
        }
        if (!access.maySubscribe(session.claims(), ch.channel(), ch.namespace())) {
            session.replyError(commandId, ReplyError.of(ErrorCode.PERMISSION_DENIED));
            return null;
        }
        return ch;
    }

    private static Result.History historyResult(HistorySlice slice) {
        return new Result.History(slice.publications(), slice.position().offset(), slice.position().epoch());
    }

    private void refresh(ClientSession session, Command.Refresh c) {
        if (c.token() == null || c.token().isEmpty()) {
            session.replyError(c.id(), ReplyError.of(ErrorCode.BAD_REQUEST, "token is required"));
            return;
        }
        hub.tokenVerifier().verify(c.token()).whenCompleteAsync((claims, error) -> {
            if (session.isClosed()) {
                return;
            }
            if (error != null) {
                Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
                boolean expired = cause instanceof InvalidTokenException ite && ite.expired();
                String reason = cause instanceof InvalidTokenException ? cause.getMessage() : "token rejected";
                session.replyError(c.id(), ReplyError.of(expired ? ErrorCode.TOKEN_EXPIRED : ErrorCode.UNAUTHORIZED, reason));
                return;
            }
            if (!claims.user().equals(session.user())) {
                session.replyError(c.id(), ReplyError.of(ErrorCode.UNAUTHORIZED, "token is for another user"));
                return;
            }
            session.setClaims(claims);
            revokeDisallowed(session, claims);
            long expires = claims.expiresAt() == null ? 0 : claims.expiresAt().getEpochSecond();
            session.reply(Reply.ok(c.id(), new Result.Refresh(expires)));
        }, session.transport().executor());
    }

    /** After a refresh, ends the subscriptions the new claims no longer allow. */
    private void revokeDisallowed(ClientSession session, Claims claims) {
        List<Subscription> revoked = new ArrayList<>();
        for (Subscription sub : session.subscriptionList()) {
            if (!access.maySubscribe(claims, sub.channel(), sub.namespace())) {
                revoked.add(sub);
            }
        }
        for (Subscription sub : revoked) {
            session.unsubscribeByServer(sub.channel().full(), UnsubscribeCode.PERMISSION_REVOKED.code(),
                    UnsubscribeCode.PERMISSION_REVOKED.reason());
        }
    }

    /**
     * Continues on the session's loop once {@code stage} completes; a failure becomes an
     * {@code internal} error reply (after running {@code onFailure}, when given).
     */
    private static <T> void onLoop(ClientSession session, long commandId, CompletionStage<T> stage,
                                   Consumer<T> onSuccess, Runnable onFailure) {
        stage.whenCompleteAsync((value, error) -> {
            if (session.isClosed()) {
                return;
            }
            if (error != null) {
                if (onFailure != null) {
                    onFailure.run();
                }
                session.replyError(commandId, ReplyError.of(ErrorCode.INTERNAL, "engine unavailable"));
                return;
            }
            onSuccess.accept(value);
        }, session.transport().executor());
    }
}
