package dev.herald.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * {@code X-Content-Type-Options: nosniff} on every answer of the WAR, not only the API's: the
 * static client files and the container's own error pages too, so that no browser runs a body as
 * a script or page of a type it guessed.
 */
@WebFilter(urlPatterns = "/*", asyncSupported = true)
public class NoSniffFilter extends HttpFilter {

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        response.setHeader("X-Content-Type-Options", "nosniff");
        chain.doFilter(request, response);
    }
}
