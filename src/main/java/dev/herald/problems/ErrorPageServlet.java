package dev.herald.problems;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The error page of the WAR ({@code WEB-INF/web.xml}): what the container itself answers inside
 * Herald's context (a static file that is not there, a failure before JAX-RS) goes out as
 * {@code application/problem+json} like every other error, instead of an HTML report that names
 * the server.
 */
@WebServlet(urlPatterns = ErrorPageServlet.PATH)
public class ErrorPageServlet extends HttpServlet {

    static final String PATH = "/problem";

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        int status = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE) instanceof Integer code ? code : 404;
        Response.Status known = Response.Status.fromStatusCode(status);
        String title = known == null ? "HTTP " + status : known.getReasonPhrase();
        String detail = status == 404
                ? "There is no such resource; see the Herald API for the paths it serves."
                : "The request could not be processed.";
        response.setStatus(status);
        // The container refuses some paths (WEB-INF/, META-INF/) before any filter runs: say it here too.
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("Cache-Control", "no-store");
        response.setContentType(Problem.PROBLEM_JSON.toString());
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.getWriter().write(Problem.json(status, title.toLowerCase().replace(' ', '-'), title, detail));
    }
}
