package dev.herald.security;

import jakarta.ws.rs.core.SecurityContext;

/** Exposes the verified {@link Caller} to resources through the standard {@code SecurityContext}. */
record CallerSecurityContext(Caller caller, boolean secure) implements SecurityContext {

    @Override
    public Caller getUserPrincipal() {
        return caller;
    }

    @Override
    public boolean isUserInRole(String role) {
        return caller.hasRole(role);
    }

    @Override
    public boolean isSecure() {
        return secure;
    }

    @Override
    public String getAuthenticationScheme() {
        return "Bearer";
    }
}
