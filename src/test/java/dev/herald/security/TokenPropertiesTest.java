package dev.herald.security;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.herald.config.HeraldConfig;
import dev.herald.fuzz.Hostile;
import dev.herald.security.Caller.TokenSource;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Generated hostile tokens: any text, spoiled JWTs (a changed byte, another algorithm, odd
 * headers and claims) are refused with an {@link InvalidTokenException} and nothing else, and the
 * reason given to the client never repeats the token or the secret.
 */
class TokenPropertiesTest {

    private static final String SECRET = "property-test-secret-that-is-long-enough-42";

    @AfterEach
    void clear() {
        System.clearProperty("herald.jwt.secret");
    }

    private static TokenVerifier verifier() {
        System.setProperty("herald.jwt.secret", SECRET);
        TokenVerifier verifier = new TokenVerifier();
        verifier.config = new HeraldConfig();
        verifier.loadKeys();
        return verifier;
    }

    private static String signed(JWTClaimsSet claims) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
            jwt.sign(new MACSigner(SECRET.getBytes(StandardCharsets.UTF_8)));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String valid() {
        return signed(new JWTClaimsSet.Builder().subject("alice").claim("groups", List.of("publisher"))
                .expirationTime(Date.from(Instant.now().plusSeconds(600))).build());
    }

    private static String base64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    /** A token an attacker could send: text, a valid one spoiled, or one built from hostile parts. */
    private static String hostileToken(Hostile h) {
        String token = anyHostileToken(h);
        // Rarely a spoiled token still verifies (a CI run met one: a variant of a valid token that signs the
        // same); such a token is valid, not hostile, so another is made.
        while (stillValid(token)) {
            token = anyHostileToken(h);
        }
        return token;
    }

    /** Whether an independent check (Nimbus alone) finds the token correctly signed and not expired. */
    private static boolean stillValid(String token) {
        try {
            SignedJWT jwt = SignedJWT.parse(token);
            return JWSAlgorithm.HS256.equals(jwt.getHeader().getAlgorithm())
                    && jwt.verify(new MACVerifier(SECRET.getBytes(StandardCharsets.UTF_8)))
                    && jwt.getJWTClaimsSet().getExpirationTime() != null
                    && jwt.getJWTClaimsSet().getExpirationTime().after(new Date());
        } catch (Exception notValid) {
            return false;
        }
    }

    private static String anyHostileToken(Hostile h) {
        String good = valid();
        String[] parts = good.split("\\.");
        return switch (h.between(0, 7)) {
            case 0 -> h.anyText(200);
            case 1 -> {
                // Not the last character of a part: its low bits may be padding, which decoding ignores.
                int at = h.between(0, good.length() - 2);
                while (good.charAt(at) == '.' || good.charAt(at + 1) == '.') {
                    at = h.between(0, good.length() - 2);
                }
                char replacement = Hostile.NAME_ALPHABET.charAt(h.between(0, Hostile.NAME_ALPHABET.length() - 1));
                yield good.substring(0, at) + (good.charAt(at) == replacement ? '_' : replacement) + good.substring(at + 1);
            }
            case 2 -> base64(h.oneOf(List.of("{\"alg\":\"none\"}", "{\"alg\":\"HS512\"}", "{\"alg\":\"RS256\"}",
                    "{\"alg\":\"HS256\",\"crit\":[\"x\"],\"x\":1}", "{\"alg\":\"HS256\",\"jku\":\"http://evil\"}",
                    "{\"alg\":\"ES256\"}", "{\"alg\":null}", "{}", "[]", "{\"alg\":\"HS256\"," + "\"a\":{".repeat(2000))))
                    + "." + parts[1] + "." + parts[2];
            case 3 -> parts[0] + "." + base64(h.jsonValue(0)) + "." + parts[2];
            case 4 -> parts[0] + "." + parts[1] + ".";
            case 5 -> parts[0] + "." + parts[1] + "." + parts[2] + "." + h.anyText(10);
            case 6 -> signed(new JWTClaimsSet.Builder().subject(h.anyText(30))
                    .claim("groups", h.chance(0.5) ? (Object) h.anyText(10) : (Object) List.of(1, 2))
                    .expirationTime(Date.from(Instant.now().minusSeconds(h.between(0, 10_000)))).build());
            default -> "Bearer " + good;
        };
    }

    @Test
    void aHostileTokenIsRefusedWithAReasonThatRepeatsNeitherTokenNorSecret() {
        TokenVerifier verifier = verifier();
        Hostile.seeded("hostile tokens").check(Hostile.tries(1500), TokenPropertiesTest::hostileToken, token -> {
            InvalidTokenException refused = assertThrows(InvalidTokenException.class,
                    () -> verifier.verify(token, TokenSource.HEADER));
            String reason = String.valueOf(refused.getMessage());
            assertFalse(reason.contains(SECRET), "the secret in the reason");
            assertFalse(token.length() > 8 && reason.contains(token), "the token in the reason");
            for (String part : token.split("\\.")) {
                assertFalse(part.length() > 8 && reason.contains(part), "a part of the token in the reason");
            }
        });
    }
}
