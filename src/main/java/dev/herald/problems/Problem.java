package dev.herald.problems;

import dev.herald.config.JsonObjects;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * A rejection that reaches the client as {@code application/problem+json}
 * (RFC 9457: {@code type}, {@code title}, {@code status}, {@code detail}).
 */
public class Problem extends WebApplicationException {

    public static final MediaType PROBLEM_JSON = new MediaType("application", "problem+json");
    private static final String TYPE_PREFIX = "urn:herald:problem:";

    private Problem(Response response, String detail) {
        super(detail, response);
    }

    public static Problem of(int status, String slug, String title, String detail) {
        return new Problem(response(status, slug, title, detail).build(), detail);
    }

    /** Builds the problem response; callers may add headers such as {@code Retry-After}. */
    public static Response.ResponseBuilder response(int status, String slug, String title, String detail) {
        return Response.status(status).type(PROBLEM_JSON).entity(json(status, slug, title, detail));
    }

    /** The problem's body: {@code {"type":…,"title":…,"status":…,"detail":…}}. */
    public static String json(int status, String slug, String title, String detail) {
        JsonObjectBuilder body = JsonObjects.builder()
                .add("type", TYPE_PREFIX + slug)
                .add("title", title)
                .add("status", status);
        if (detail != null) {
            body.add("detail", detail);
        }
        return body.build().toString();
    }

    public static Problem badRequest(String slug, String detail) {
        return of(400, slug, "Bad Request", detail);
    }

    public static Problem unauthorized(String detail) {
        return new Problem(
                response(401, "unauthorized", "Unauthorized", detail)
                        .header("WWW-Authenticate", "Bearer realm=\"herald\"")
                        .build(),
                detail);
    }

    public static Problem forbidden(String detail) {
        return of(403, "forbidden", "Forbidden", detail);
    }

    public static Problem notFound(String detail) {
        return of(404, "not-found", "Not Found", detail);
    }

    public static Problem payloadTooLarge(String detail) {
        return of(413, "payload-too-large", "Content Too Large", detail);
    }

    public static Problem unsupportedMediaType(String detail) {
        return of(415, "unsupported-media-type", "Unsupported Media Type", detail);
    }

    public static Problem tooManyRequests(String detail, int retryAfterSeconds) {
        return new Problem(
                response(429, "too-many-requests", "Too Many Requests", detail)
                        .header("Retry-After", retryAfterSeconds)
                        .build(),
                detail);
    }

    public static Problem unavailable(String detail, int retryAfterSeconds) {
        return new Problem(
                response(503, "unavailable", "Service Unavailable", detail)
                        .header("Retry-After", retryAfterSeconds)
                        .build(),
                detail);
    }
}
