package dev.herald.it;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;

/** Mints tokens for the tests, signed with the secret and key the test servers are configured with. */
public final class Tokens {

    /** The HS256 secret every test server gets as {@code herald.jwt.secret}. */
    public static final String SECRET = "herald-integration-tests-secret-0123456789abcdef";

    /** A secret of valid length that no test server knows. */
    public static final String WRONG_SECRET = "not-the-herald-secret-but-long-enough-for-hs256";

    private String subject;
    private List<String> groups = List.of();
    private List<String> topics = List.of();
    private Instant expiresAt = Instant.now().plus(Duration.ofHours(1));
    private boolean withExpiry = true;
    private JWSAlgorithm algorithm = JWSAlgorithm.HS256;
    private String secret = SECRET;

    public static Tokens hs256() {
        return new Tokens();
    }

    public static Tokens rs256() {
        Tokens tokens = new Tokens();
        tokens.algorithm = JWSAlgorithm.RS256;
        return tokens;
    }

    /** A subscriber who may read their own channel and these topics. */
    public static String user(String id, String... topics) {
        return hs256().sub(id).topics(topics).build();
    }

    public static String publisher() {
        return hs256().sub("publisher-app").groups("publisher").build();
    }

    public static String admin() {
        return hs256().sub("operator").groups("admin").build();
    }

    /** A user's token that expired a minute ago. */
    public static String expired(String id) {
        return hs256().sub(id).expiresAt(Instant.now().minus(Duration.ofMinutes(1))).build();
    }

    /** A user's token without the required {@code exp} claim. */
    public static String withoutExp(String id) {
        return hs256().sub(id).withoutExpiry().build();
    }

    /** A well-formed user's token signed with {@link #WRONG_SECRET}. */
    public static String wrongSecret(String id) {
        return hs256().sub(id).secret(WRONG_SECRET).build();
    }

    public Tokens sub(String subject) {
        this.subject = subject;
        return this;
    }

    public Tokens groups(String... groups) {
        this.groups = List.of(groups);
        return this;
    }

    public Tokens topics(String... topics) {
        this.topics = List.of(topics);
        return this;
    }

    public Tokens expiresAt(Instant expiresAt) {
        this.expiresAt = expiresAt;
        this.withExpiry = true;
        return this;
    }

    /** Same as {@link #expiresAt(Instant)}, named after the claim. */
    public Tokens exp(Instant expiresAt) {
        return expiresAt(expiresAt);
    }

    public Tokens withoutExpiry() {
        this.withExpiry = false;
        return this;
    }

    public Tokens secret(String secret) {
        this.secret = secret;
        return this;
    }

    public String build() {
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .subject(subject)
                .claim("groups", groups)
                .claim("topics", topics)
                .issueTime(new Date());
        if (withExpiry) {
            claims.expirationTime(Date.from(expiresAt));
        }
        SignedJWT jwt = new SignedJWT(new JWSHeader(algorithm), claims.build());
        try {
            jwt.sign(signer());
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jwt.serialize();
    }

    private JWSSigner signer() throws JOSEException {
        return algorithm == JWSAlgorithm.RS256
                ? new RSASSASigner(privateKey())
                : new MACSigner(secret.getBytes(StandardCharsets.UTF_8));
    }

    /** The test public key's base64 body, as the servers get it in {@code herald.jwt.public-key}. */
    public static String publicKeyBase64() {
        return pemBody("keys/public.pem");
    }

    private static PrivateKey privateKey() {
        try {
            byte[] der = Base64.getDecoder().decode(pemBody("keys/private.pem"));
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String pemBody(String resource) {
        try (InputStream in = Tokens.class.getClassLoader().getResourceAsStream(resource)) {
            String pem = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
            return pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
