package dev.herald.problems;

import dev.herald.store.control.StoreUnavailableException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The last line: anything unforeseen becomes a problem without internals; the log keeps the
 * stack trace under an incident id that the client is given. An unreachable store is a 503.
 */
@Provider
public class UnexpectedExceptionMapper implements ExceptionMapper<Throwable> {

    private static final Logger LOG = Logger.getLogger(UnexpectedExceptionMapper.class.getName());
    static final int RETRY_AFTER_SECONDS = 2;

    @Override
    public Response toResponse(Throwable exception) {
        if (exception instanceof StoreUnavailableException unavailable) {
            LOG.log(Level.WARNING, () -> "answering 503: " + unavailable.getMessage()
                    + (unavailable.getCause() == null ? "" : " (" + unavailable.getCause() + ")"));
            return Problem.unavailable(
                            "Events cannot be accepted right now: " + unavailable.getMessage() + ". Retry later.",
                            RETRY_AFTER_SECONDS)
                    .getResponse();
        }
        String incident = UUID.randomUUID().toString();
        LOG.log(Level.SEVERE, "unexpected failure, incident " + incident, exception);
        return Problem.response(
                        500,
                        "internal-error",
                        "Internal Server Error",
                        "Herald failed unexpectedly; the server log names this incident " + incident + ".")
                .build();
    }
}
