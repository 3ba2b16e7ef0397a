package dev.herald.security;

import dev.herald.config.HeraldConfig;
import dev.herald.problems.Problem;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;

/**
 * CORS for the origins in {@code herald.cors.origins} only, never {@code *}: preflights are
 * answered before authentication (browsers send them without credentials), and every answer to an
 * allowed origin, errors included, carries the headers a browser needs to read it.
 */
@Provider
@PreMatching
@Priority(Priorities.AUTHENTICATION - 100)
public class CorsFilter implements ContainerRequestFilter, ContainerResponseFilter {

    private static final String ALLOWED_METHODS = "GET, POST, OPTIONS";
    private static final String ALLOWED_HEADERS =
            "Authorization, Content-Type, Last-Event-ID, Cache-Control, If-None-Match, X-Requested-With";
    private static final String EXPOSED_HEADERS = "Retry-After, ETag, Location";
    private static final int PREFLIGHT_MAX_AGE_SECONDS = 600;

    @Inject
    HeraldConfig config;

    @Override
    public void filter(ContainerRequestContext request) {
        String origin = request.getHeaderString("Origin");
        boolean preflight = HttpMethod.OPTIONS.equals(request.getMethod())
                && origin != null
                && request.getHeaderString("Access-Control-Request-Method") != null;
        if (!preflight) {
            return;
        }
        if (!isAllowed(origin)) {
            request.abortWith(Problem.forbidden("Origin " + origin + " is not allowed; see herald.cors.origins.")
                    .getResponse());
            return;
        }
        request.abortWith(Response.noContent()
                .header("Access-Control-Allow-Methods", ALLOWED_METHODS)
                .header("Access-Control-Allow-Headers", ALLOWED_HEADERS)
                .header("Access-Control-Max-Age", PREFLIGHT_MAX_AGE_SECONDS)
                .build());
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        String origin = request.getHeaderString("Origin");
        MultivaluedMap<String, Object> headers = response.getHeaders();
        headers.add("Vary", "Origin");
        if (origin != null && isAllowed(origin)) {
            headers.putSingle("Access-Control-Allow-Origin", origin);
            headers.putSingle("Access-Control-Allow-Credentials", "true");
            headers.putSingle("Access-Control-Expose-Headers", EXPOSED_HEADERS);
        }
    }

    private boolean isAllowed(String origin) {
        return config.corsOrigins().contains(origin);
    }
}
