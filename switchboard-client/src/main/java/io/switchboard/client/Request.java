package io.switchboard.client;

import io.switchboard.protocol.ClientErrorCode;
import io.switchboard.protocol.Command;
import io.switchboard.protocol.Reply;
import io.switchboard.protocol.Result;

import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.LongFunction;

/**
 * One application call ({@code publish}, {@code send}, {@code presence}, {@code history}): the command
 * to send, how to read its result, and the future the application holds, which completes on the
 * callback executor. Completes once: by reply, failure or its deadline. Confined to the client's loop.
 *
 * @param <R> the result record the reply must carry
 * @param <T> what the application gets
 */
final class Request<R extends Result, T> implements ReplyHandler {

    final LongFunction<Command> command;
    final CompletableFuture<T> future = new CompletableFuture<>();
    private final Class<R> resultType;
    private final Function<R, T> mapper;
    private final Dispatcher dispatcher;
    private boolean done;
    Loop.Cancellable deadline = Loop.Cancellable.NONE;
    long id;

    Request(LongFunction<Command> command, Class<R> resultType, Function<R, T> mapper, Dispatcher dispatcher) {
        this.command = command;
        this.resultType = resultType;
        this.mapper = mapper;
        this.dispatcher = dispatcher;
    }

    boolean done() {
        return done;
    }

    @Override
    public void onReply(Reply reply) {
        if (done) {
            return;
        }
        done = true;
        deadline.cancel();
        if (reply.error() != null) {
            dispatcher.fail(future, SwitchboardException.fromReply(reply.error()));
            return;
        }
        Result result = reply.result();
        if (!resultType.isInstance(result)) {
            dispatcher.fail(future, SwitchboardException.of(ClientErrorCode.BAD_SERVER_FRAME,
                    "expected a " + resultType.getSimpleName() + " result, got " + result, null));
            return;
        }
        T value;
        try {
            value = mapper.apply(resultType.cast(result));
        } catch (RuntimeException e) {
            dispatcher.fail(future, e);
            return;
        }
        dispatcher.complete(future, value);
    }

    @Override
    public void onFailure(SwitchboardException error) {
        if (done) {
            return;
        }
        done = true;
        deadline.cancel();
        dispatcher.fail(future, error);
    }
}
