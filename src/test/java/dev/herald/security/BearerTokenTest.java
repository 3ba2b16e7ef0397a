package dev.herald.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.herald.problems.Problem;
import org.junit.jupiter.api.Test;

class BearerTokenTest {

    @Test
    void theTokenFollowsTheSchemeInAnyCaseAfterSpacesOrTabs() {
        assertEquals("a.b.c", AuthenticationFilter.bearerToken("Bearer a.b.c"));
        assertEquals("a.b.c", AuthenticationFilter.bearerToken("  bearer \t a.b.c  "));
        assertEquals("a.b.c", AuthenticationFilter.bearerToken("BEARER\ta.b.c"));
    }

    @Test
    void anythingElseIsA401() {
        for (String bad : new String[] {"Bearer", "Bearer   ", "Basic dTpw", "Bearerx a.b.c", "Bear a.b.c", "a.b.c", ""}) {
            Problem problem = assertThrows(Problem.class, () -> AuthenticationFilter.bearerToken(bad), bad);
            assertEquals(401, problem.getResponse().getStatus(), bad);
        }
    }
}
