package dev.herald.bench.bare;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/** The bare SSE application, under the same {@code /api} prefix as Herald, so the load tool's paths fit. */
@ApplicationPath("api")
public class BareApplication extends Application {}
