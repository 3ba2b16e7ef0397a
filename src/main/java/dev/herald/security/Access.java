package dev.herald.security;

import dev.herald.channels.entity.Channel;
import dev.herald.problems.Problem;
import jakarta.ws.rs.core.SecurityContext;

/** The authorization checks resources make once a request is known to be well formed (403s). */
public final class Access {

    private Access() {}

    /** The caller the authentication filter established. */
    public static Caller caller(SecurityContext security) {
        if (security.getUserPrincipal() instanceof Caller caller) {
            return caller;
        }
        throw Problem.unauthorized("A token is required.");
    }

    public static Caller requireRead(SecurityContext security, Channel channel) {
        Caller caller = caller(security);
        if (!caller.mayRead(channel)) {
            throw Problem.forbidden(channel.isUser()
                    ? "A user may read only their own channel; this token is for another user."
                    : "This token does not allow reading topic '" + channel.name() + "'.");
        }
        return caller;
    }

    public static Caller requireRole(SecurityContext security, String role) {
        Caller caller = caller(security);
        if (!caller.developer() && !caller.hasRole(role)) {
            throw Problem.forbidden("This needs the '" + role + "' role in the token's groups claim.");
        }
        return caller;
    }
}
