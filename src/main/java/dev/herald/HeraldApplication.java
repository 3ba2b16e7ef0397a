package dev.herald;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/** Herald's JAX-RS application: every HTTP endpoint lives under {@code BASE/api}. */
@ApplicationPath("api")
public class HeraldApplication extends Application {}
