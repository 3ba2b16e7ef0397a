package dev.herald.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import dev.herald.channels.entity.Channel;
import dev.herald.config.HeraldConfig;
import dev.herald.security.Caller.TokenSource;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import dev.herald.it.Await;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TokenVerifierTest {

    private static final String SECRET = "unit-test-secret-that-is-long-enough-0123456789";
    private static final KeyPair RSA = rsa();

    private static KeyPair rsa() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterEach
    void clearSettings() {
        System.clearProperty("herald.jwt.secret");
        System.clearProperty("herald.jwt.public-key");
        System.clearProperty("herald.dev-mode");
    }

    private static TokenVerifier verifier(String secret, String publicKey) {
        if (secret != null) {
            System.setProperty("herald.jwt.secret", secret);
        }
        if (publicKey != null) {
            System.setProperty("herald.jwt.public-key", publicKey);
        }
        TokenVerifier verifier = new TokenVerifier();
        verifier.config = new HeraldConfig();
        verifier.loadKeys();
        return verifier;
    }

    private static String token(JWSAlgorithm algorithm, JWSSigner signer, Consumer<JWTClaimsSet.Builder> claims) {
        JWTClaimsSet.Builder builder = new JWTClaimsSet.Builder()
                .subject("42")
                .claim("groups", List.of("publisher"))
                .claim("topics", List.of("news"))
                .expirationTime(Date.from(Instant.now().plusSeconds(300)));
        claims.accept(builder);
        SignedJWT jwt = new SignedJWT(new JWSHeader(algorithm), builder.build());
        try {
            jwt.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jwt.serialize();
    }

    private static String hs256(String secret, Consumer<JWTClaimsSet.Builder> claims) {
        try {
            return token(JWSAlgorithm.HS256, new MACSigner(secret.getBytes(StandardCharsets.UTF_8)), claims);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String refusal(TokenVerifier verifier, String token) {
        return assertThrows(InvalidTokenException.class, () -> verifier.verify(token, TokenSource.HEADER)).getMessage();
    }

    @Test
    void acceptsAValidHs256TokenWithItsClaims() {
        Caller caller = verifier(SECRET, null).verify(hs256(SECRET, c -> {}), TokenSource.QUERY);
        assertEquals("42", caller.subject());
        assertEquals(Set.of("publisher"), caller.groups());
        assertTrue(caller.hasRole("publisher"));
        assertTrue(caller.mayRead(Channel.topic("news")));
        assertFalse(caller.mayRead(Channel.topic("other")));
        assertEquals(TokenSource.QUERY, caller.source());
    }

    @Test
    void refusesWrongSignaturesAndBrokenTokens() {
        TokenVerifier verifier = verifier(SECRET, null);
        refusal(verifier, hs256("another-secret-that-is-long-enough-0123456789", c -> {}));
        refusal(verifier, "not-a-token");
        refusal(verifier, "");
        String valid = hs256(SECRET, c -> {});
        refusal(verifier, valid.substring(0, valid.length() - 2) + "xx");
    }

    @Test
    void expIsRequiredAndEnforcedWithoutLeeway() {
        TokenVerifier verifier = verifier(SECRET, null);
        assertTrue(refusal(verifier, hs256(SECRET, c -> c.expirationTime(Date.from(Instant.now().minusSeconds(1)))))
                .contains("expired"));
        assertTrue(refusal(verifier, hs256(SECRET, c -> c.expirationTime(null))).contains("exp"));
    }

    @Test
    void aTokenVerifiedBeforeIsRefusedOnceItHasExpired() {
        TokenVerifier verifier = verifier(SECRET, null);
        Instant exp = Instant.now().plusSeconds(1);
        String token = hs256(SECRET, c -> c.expirationTime(Date.from(exp)));
        assertEquals("42", verifier.verify(token, TokenSource.HEADER).subject());
        assertEquals(TokenSource.COOKIE, verifier.verify(token, TokenSource.COOKIE).source(), "remembered, with this request's source");
        Await.until(Duration.ofSeconds(5), () -> Instant.now().isAfter(exp), "the token's exp passed");
        assertTrue(refusal(verifier, token).contains("expired"));
    }

    @Test
    void refusesUnsignedTokensAndOtherAlgorithms() throws JOSEException {
        TokenVerifier verifier = verifier(SECRET, null);
        refusal(verifier, new PlainJWT(new JWTClaimsSet.Builder().subject("42")
                .expirationTime(Date.from(Instant.now().plusSeconds(60))).build()).serialize());
        refusal(verifier, token(JWSAlgorithm.HS384, new MACSigner((SECRET + SECRET).getBytes(StandardCharsets.UTF_8)), c -> {}));
        refusal(verifier, token(JWSAlgorithm.RS256, new RSASSASigner(RSA.getPrivate()), c -> {}));
    }

    @Test
    void withNoKeyConfiguredNoTokenIsValid() {
        refusal(verifier(null, null), hs256(SECRET, c -> {}));
    }

    @Test
    void acceptsRs256WithThePublicKeyAsPemOrBareBase64() throws JOSEException {
        String base64 = Base64.getEncoder().encodeToString(RSA.getPublic().getEncoded());
        String pem = "-----BEGIN PUBLIC KEY-----\n" + base64.replaceAll("(.{64})", "$1\n") + "\n-----END PUBLIC KEY-----\n";
        String token = token(JWSAlgorithm.RS256, new RSASSASigner(RSA.getPrivate()), c -> {});
        assertEquals("42", verifier(null, pem).verify(token, TokenSource.HEADER).subject());
        clearSettings();
        assertEquals("42", verifier(null, base64).verify(token, TokenSource.HEADER).subject());
        clearSettings();
        String other = Base64.getEncoder().encodeToString(rsa().getPublic().getEncoded());
        refusal(verifier(null, other), token);
    }

    @Test
    void groupsAndTopicsMayBeAStringButNothingElse() {
        TokenVerifier verifier = verifier(SECRET, null);
        Caller single = verifier.verify(hs256(SECRET, c -> c.claim("groups", "admin").claim("topics", "*")), TokenSource.HEADER);
        assertTrue(single.hasRole("admin"));
        assertTrue(single.mayRead(Channel.topic("anything")));
        assertTrue(refusal(verifier, hs256(SECRET, c -> c.claim("groups", 7))).contains("groups"));
        assertTrue(refusal(verifier, hs256(SECRET, c -> c.claim("topics", List.of(1, 2)))).contains("topics"));
    }

    @Test
    void aSecretShorterThan256BitsStillVerifiesHs256() throws Exception {
        String shortSecret = "short";
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), new JWTClaimsSet.Builder().subject("7")
                .expirationTime(Date.from(Instant.now().plusSeconds(60))).build());
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(shortSecret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String signingInput = new String(jwt.getSigningInput(), StandardCharsets.US_ASCII);
        String token = signingInput + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal(jwt.getSigningInput()));
        assertEquals("7", verifier(shortSecret, null).verify(token, TokenSource.HEADER).subject());
        clearSettings();
        refusal(verifier("shorT", null), token);
    }

    @Test
    void devModeIssuesTokensItAccepts() {
        System.setProperty("herald.dev-mode", "true");
        TokenVerifier verifier = verifier(null, null);
        String token = verifier.issueDevToken("alice", List.of("admin"), List.of("*"), java.time.Duration.ofMinutes(5)).orElseThrow();
        Caller caller = verifier.verify(token, TokenSource.HEADER);
        assertEquals("alice", caller.subject());
        assertTrue(caller.hasRole("admin"));
        clearSettings();
        assertTrue(verifier(SECRET, null).issueDevToken("alice", List.of(), List.of(), java.time.Duration.ofMinutes(5)).isEmpty());
    }

    @Test
    void aUserReadsOnlyTheirOwnChannelAndAllowedTopics() {
        Caller caller = new Caller("42", Set.of(), Set.of("news"), TokenSource.HEADER, false);
        assertTrue(caller.mayRead(Channel.user("42")));
        assertFalse(caller.mayRead(Channel.user("43")));
        assertTrue(caller.mayRead(Channel.topic("news")));
        assertFalse(caller.mayRead(Channel.topic("sports")));
        assertTrue(Caller.anonymousDeveloper().mayRead(Channel.user("anyone")));
    }
}
