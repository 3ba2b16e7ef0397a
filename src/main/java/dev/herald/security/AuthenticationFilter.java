package dev.herald.security;

import dev.herald.config.HeraldConfig;
import dev.herald.problems.Problem;
import dev.herald.security.Caller.TokenSource;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.ext.Provider;
import java.util.Set;

/**
 * Establishes the caller before anything else is looked at, so that a request without valid
 * credentials is a 401 whatever else is wrong with it. The token comes from the
 * {@code Authorization: Bearer} header, the {@code access_token} query parameter or, for reading
 * only, the {@code herald_token} cookie (a browser sends cookies unasked, so they must not publish).
 */
@Provider
@PreMatching
@Priority(Priorities.AUTHENTICATION)
public class AuthenticationFilter implements ContainerRequestFilter {

    static final String COOKIE = "herald_token";
    static final String QUERY = "access_token";
    private static final String SCHEME = "Bearer";
    private static final Set<String> PUBLIC_PATHS = Set.of("health");

    @Inject
    HeraldConfig config;

    @Inject
    TokenVerifier verifier;

    @Override
    public void filter(ContainerRequestContext request) {
        try {
            authenticate(request);
        } catch (Problem problem) {
            request.abortWith(problem.getResponse());
        }
    }

    private void authenticate(ContainerRequestContext request) {
        String path = trimSlashes(request.getUriInfo().getPath());
        if (HttpMethod.OPTIONS.equals(request.getMethod())
                || PUBLIC_PATHS.contains(path)
                || (config.devMode() && path.startsWith("dev/"))) {
            return;
        }
        Credential credential = credential(request, path);
        Caller caller;
        if (credential == null) {
            if (!config.devMode()) {
                throw Problem.unauthorized("A token is required: send it as 'Authorization: Bearer <jwt>'"
                        + (isRead(request, path) ? ", the access_token query parameter or the herald_token cookie." : "."));
            }
            caller = Caller.anonymousDeveloper();
        } else {
            try {
                caller = verifier.verify(credential.token(), credential.source());
            } catch (InvalidTokenException e) {
                throw Problem.unauthorized("The token was refused: " + e.getMessage() + ".");
            }
        }
        request.setSecurityContext(new CallerSecurityContext(caller, request.getSecurityContext().isSecure()));
    }

    private record Credential(String token, TokenSource source) {}

    private static Credential credential(ContainerRequestContext request, String path) {
        String authorization = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (authorization != null) {
            return new Credential(bearerToken(authorization), TokenSource.HEADER);
        }
        String query = request.getUriInfo().getQueryParameters().getFirst(QUERY);
        if (query != null && !query.isBlank()) {
            return new Credential(query.trim(), TokenSource.QUERY);
        }
        Cookie cookie = request.getCookies().get(COOKIE);
        if (cookie != null && cookie.getValue() != null && !cookie.getValue().isBlank() && isRead(request, path)) {
            return new Credential(cookie.getValue().trim(), TokenSource.COOKIE);
        }
        return null;
    }

    /**
     * The token of {@code Bearer <token>}, the scheme in any case, spaces or tabs between. Read by
     * hand: {@code String.split("\\s+")} compiled a regular expression on every request.
     */
    static String bearerToken(String authorization) {
        String value = authorization.trim();
        int end = 0;
        while (end < value.length() && !Character.isWhitespace(value.charAt(end))) {
            end++;
        }
        String token = value.substring(end).trim();
        if (!value.regionMatches(true, 0, SCHEME, 0, end) || end != SCHEME.length() || token.isEmpty()) {
            throw Problem.unauthorized("The Authorization header must be 'Bearer <jwt>'.");
        }
        return token;
    }

    /** Subscribing (a stream or a poll) is the only thing a cookie may do. */
    private static boolean isRead(ContainerRequestContext request, String path) {
        return HttpMethod.GET.equals(request.getMethod())
                && (path.endsWith("/events") || path.endsWith("/updates")) && !path.startsWith("admin/");
    }

    private static String trimSlashes(String path) {
        int start = 0;
        int end = path.length();
        while (start < end && path.charAt(start) == '/') {
            start++;
        }
        while (end > start && path.charAt(end - 1) == '/') {
            end--;
        }
        return path.substring(start, end);
    }
}
