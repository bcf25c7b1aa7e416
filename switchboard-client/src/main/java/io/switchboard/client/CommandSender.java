package io.switchboard.client;

import io.switchboard.protocol.ClientErrorCode;
import io.switchboard.protocol.Command;

import java.time.Duration;
import java.util.function.LongFunction;

/** Sends a command on the current connection. Called on the client's loop. */
interface CommandSender {

    /**
     * Sends the command made by {@code command} from a fresh id, if connected.
     *
     * @param timeout when to give up on the reply ({@link ClientErrorCode#TIMEOUT}); null: wait until
     *                the connection ends
     * @return false when not connected (nothing was sent, the handler is not called)
     */
    boolean send(LongFunction<Command> command, ReplyHandler handler, Duration timeout);
}
