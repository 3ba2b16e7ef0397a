package dev.herald.security;

import dev.herald.channels.entity.Channel;
import java.security.Principal;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * Who is calling, from a verified token: the user id ({@code sub}), roles ({@code groups}), the
 * topics they may read ({@code topics}, {@code "*"} for all) and when the token expires
 * ({@code exp}; null only for dev mode's anonymous developer).
 */
public record Caller(
        String subject, Set<String> groups, Set<String> topics, TokenSource source, boolean developer, Instant expiresAt)
        implements Principal {

    public static final String PUBLISHER = "publisher";
    public static final String ADMIN = "admin";
    private static final String ALL_TOPICS = "*";

    /** Where the token came from; a cookie is sent by the browser unasked, so it only reads. */
    public enum TokenSource {
        HEADER,
        QUERY,
        COOKIE,
        NONE
    }

    /** A caller whose token never expires (tests, and the anonymous developer). */
    public Caller(String subject, Set<String> groups, Set<String> topics, TokenSource source, boolean developer) {
        this(subject, groups, topics, source, developer, null);
    }

    /** The anonymous caller of dev mode, who may do anything. */
    public static Caller anonymousDeveloper() {
        return new Caller("developer", Set.of(PUBLISHER, ADMIN), Set.of(ALL_TOPICS), TokenSource.NONE, true);
    }

    /** How long the token stays valid after {@code now}: empty when it never expires, zero once it has. */
    public Optional<Duration> validFor(Instant now) {
        if (expiresAt == null) {
            return Optional.empty();
        }
        Duration left = Duration.between(now, expiresAt);
        return Optional.of(left.isNegative() ? Duration.ZERO : left);
    }

    @Override
    public String getName() {
        return subject == null ? "" : subject;
    }

    public boolean mayRead(Channel channel) {
        if (developer) {
            return true;
        }
        if (channel.isUser()) {
            return channel.name().equals(subject);
        }
        return topics.contains(ALL_TOPICS) || topics.contains(channel.name());
    }

    public boolean hasRole(String role) {
        return groups.contains(role);
    }

    /** The key under which this caller's connections are counted. */
    public String connectionKey() {
        return subject == null ? "" : subject;
    }
}
