package dev.herald.security;

import dev.herald.channels.entity.Channel;
import dev.herald.problems.Problem;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * {@code GET /api/dev/token?sub=alice}: a demo token, in dev mode only (404 otherwise), with the
 * publisher and admin roles and every topic unless {@code groups} or {@code topics} say otherwise.
 */
@ApplicationScoped
@Path("dev/token")
public class DevTokensResource {

    @Inject
    TokenVerifier tokens;

    /** A demo token and what it allows. */
    public record DevToken(String token, String sub, List<String> groups, List<String> topics, long expiresInSeconds) {}

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public DevToken token(
            @QueryParam("sub") String subject, @QueryParam("groups") String groups, @QueryParam("topics") String topics) {
        String sub = subject == null || subject.isBlank() ? "demo" : subject;
        if (!Channel.isValidName(sub)) {
            throw Problem.badRequest("invalid-channel", "sub must be a valid user id.");
        }
        List<String> groupList = list(groups, List.of(Caller.PUBLISHER, Caller.ADMIN));
        List<String> topicList = list(topics, List.of("*"));
        Duration life = Duration.ofHours(12);
        String token = tokens.issueDevToken(sub, groupList, topicList, life)
                .orElseThrow(() -> Problem.notFound("Demo tokens exist only in dev mode (herald.dev-mode=true)."));
        return new DevToken(token, sub, groupList, topicList, life.toSeconds());
    }

    private static List<String> list(String commaSeparated, List<String> fallback) {
        if (commaSeparated == null) {
            return fallback;
        }
        return Arrays.stream(commaSeparated.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }
}
