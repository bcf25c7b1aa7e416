package io.switchboard.core.hub;

import io.switchboard.core.auth.Claims;
import io.switchboard.core.config.NamespaceOptions;
import io.switchboard.core.config.SwitchboardOptions;
import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.ReplyError;

/**
 * Decides what a user may do with a channel. Pure logic: no I/O, no state beyond the options.
 */
public final class ChannelAccess {

    private final SwitchboardOptions options;

    public ChannelAccess(SwitchboardOptions options) {
        this.options = options;
    }

    /** A channel resolved against its namespace, or the error explaining why it cannot be used. */
    public record Resolved(ChannelName channel, NamespaceOptions namespace, ReplyError error) {
        public boolean ok() {
            return error == null;
        }
    }

    /** Checks the name's syntax, length and namespace. */
    public Resolved resolve(String channel) {
        if (channel == null || channel.isEmpty()) {
            return failed(ErrorCode.BAD_REQUEST, "channel is required");
        }
        if (channel.length() > options.limits().maxChannelLength()) {
            return failed(ErrorCode.LIMIT_EXCEEDED,
                    "channel name longer than " + options.limits().maxChannelLength() + " characters");
        }
        ChannelName name = ChannelName.parse(channel);
        if (name == null) {
            return failed(ErrorCode.BAD_REQUEST, "channel must be namespace:name in printable ASCII");
        }
        NamespaceOptions ns = options.namespace(name.namespace()).orElse(null);
        if (ns == null) {
            return failed(ErrorCode.UNKNOWN_CHANNEL, "no namespace '" + name.namespace() + "'");
        }
        return new Resolved(name, ns, null);
    }

    /** Whether {@code claims} allow subscribing to (and reading presence and history of) the channel. */
    public boolean maySubscribe(Claims claims, ChannelName channel, NamespaceOptions ns) {
        String owner = channel.personalOwner();
        if (owner != null && !owner.equals(claims.user())) {
            return false; // personal channels are private in every namespace
        }
        return switch (ns.subscribe()) {
            case AUTHENTICATED -> true;
            case PERSONAL -> owner != null;
            case CLAIM -> claims.channels().stream().anyMatch(p -> GlobPattern.matches(p, channel.full()));
        };
    }

    /** Clients may publish where the namespace allows it and they may subscribe. */
    public boolean mayPublish(Claims claims, ChannelName channel, NamespaceOptions ns) {
        return ns.publish() && maySubscribe(claims, channel, ns);
    }

    private static Resolved failed(ErrorCode code, String detail) {
        return new Resolved(null, null, ReplyError.of(code, detail));
    }
}
