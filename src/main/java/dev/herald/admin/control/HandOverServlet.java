package dev.herald.admin.control;

import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServlet;

/**
 * Starts the hand-over when the container begins to take the application down, before the JAX-RS
 * runtime goes. It serves no path: {@code WEB-INF/web.xml} declares it, loaded at start-up, only so
 * that its {@link #destroy} is called. Measured on Payara Server: an undeploy destroys the servlets
 * web.xml declares before the JAX-RS servlet (which its initializer adds later), cuts every stream
 * and leaves every parked poll hanging when the JAX-RS servlet goes, and tells CDI only about five
 * seconds after that, too late for {@link GracefulStop}'s own observer. WildFly tells CDI while the
 * JAX-RS runtime still answers; whichever comes first does the hand-over, once.
 */
public class HandOverServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Inject
    transient GracefulStop gracefulStop;

    @Override
    public void destroy() {
        gracefulStop.stop();
    }
}
