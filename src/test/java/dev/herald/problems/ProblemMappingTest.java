package dev.herald.problems;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.herald.store.control.StoreUnavailableException;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.core.Response;
import java.io.StringReader;
import org.junit.jupiter.api.Test;

class ProblemMappingTest {

    private static JsonObject body(Response response) {
        try (JsonReader reader = Json.createReader(new StringReader((String) response.getEntity()))) {
            return reader.readObject();
        }
    }

    private static void assertProblem(Response response, int status) {
        assertEquals(status, response.getStatus());
        assertEquals(Problem.PROBLEM_JSON, response.getMediaType());
        JsonObject body = body(response);
        assertEquals(status, body.getInt("status"));
        assertTrue(body.getString("type").startsWith("urn:herald:problem:"));
        assertFalse(body.getString("title").isBlank());
        assertFalse(body.getString("detail").isBlank());
    }

    @Test
    void runtimeRejectionsBecomeProblems() {
        WebApplicationExceptionMapper mapper = new WebApplicationExceptionMapper();
        assertProblem(mapper.toResponse(new NotFoundException()), 404);
        assertProblem(mapper.toResponse(new NotSupportedException()), 415);
        Response notAllowed = mapper.toResponse(new NotAllowedException("GET"));
        assertProblem(notAllowed, 405);
        assertEquals("GET", notAllowed.getHeaderString("Allow"));
    }

    @Test
    void unexpectedFailuresAre500WithoutInternals() {
        Response response = new UnexpectedExceptionMapper().toResponse(new IllegalStateException("secret internals"));
        assertProblem(response, 500);
        String text = (String) response.getEntity();
        assertFalse(text.contains("secret internals"));
        assertFalse(text.contains("IllegalStateException"));
    }

    @Test
    void anUnreachableStoreIs503WithRetryAfter() {
        Response response = new UnexpectedExceptionMapper().toResponse(new StoreUnavailableException("Redis is unreachable", null));
        assertProblem(response, 503);
        assertEquals("2", response.getHeaderString("Retry-After"));
    }

    @Test
    void problemsCarryTheirHeaders() {
        assertEquals("Bearer realm=\"herald\"", Problem.unauthorized("x").getResponse().getHeaderString("WWW-Authenticate"));
        assertEquals("7", Problem.tooManyRequests("x", 7).getResponse().getHeaderString("Retry-After"));
    }
}
