package dev.herald.problems;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/**
 * Turns the runtime's own rejections (404, 405, 406, 415, …), which carry no body, into problems.
 * A {@link Problem} carries its body already and never reaches this mapper.
 */
@Provider
public class WebApplicationExceptionMapper implements ExceptionMapper<WebApplicationException> {

    @Override
    public Response toResponse(WebApplicationException exception) {
        Response original = exception.getResponse();
        int status = original.getStatus();
        Response.StatusType type = original.getStatusInfo();
        String title = type.getReasonPhrase() == null ? "HTTP " + status : type.getReasonPhrase();
        Response.ResponseBuilder problem =
                Problem.response(status, title.toLowerCase().replace(' ', '-'), title, detail(status));
        original.getHeaders().forEach((name, values) -> {
            if (!name.equalsIgnoreCase("Content-Type") && !name.equalsIgnoreCase("Content-Length")) {
                values.forEach(value -> problem.header(name, value));
            }
        });
        return problem.build();
    }

    private static String detail(int status) {
        return switch (status) {
            case 404 -> "There is no such resource; see the Herald API for the paths it serves.";
            case 405 -> "This resource does not answer that method.";
            case 406 -> "This resource cannot answer in any of the media types the request accepts.";
            case 415 -> "This resource takes application/json.";
            default -> "The request could not be processed.";
        };
    }
}
