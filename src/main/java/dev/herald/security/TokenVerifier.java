package dev.herald.security;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import dev.herald.config.HeraldConfig;
import dev.herald.security.Caller.TokenSource;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.interfaces.RSAPublicKey;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Verifies bearer tokens: HS256 with {@code herald.jwt.secret}, RS256 with {@code herald.jwt.public-key};
 * {@code exp} is required and enforced without leeway. With neither key configured no token is valid.
 */
@ApplicationScoped
public class TokenVerifier {

    private static final Logger LOG = Logger.getLogger(TokenVerifier.class.getName());
    private static final int MIN_HMAC_BYTES = 32;
    /** Tokens remembered as verified, at most (a few MiB at worst). */
    static final int MAX_REMEMBERED = 4096;

    @Inject
    HeraldConfig config;

    private byte[] secret;
    private RSAPublicKey publicKey;
    private byte[] devSigningSecret;
    private final Map<String, Verified> verified = new ConcurrentHashMap<>();

    @PostConstruct
    void loadKeys() {
        secret = config.jwtSecret().map(s -> s.getBytes(StandardCharsets.UTF_8)).orElse(null);
        if (secret != null && secret.length < MIN_HMAC_BYTES) {
            LOG.warning("herald.jwt.secret is shorter than 32 bytes (256 bits): HS256 tokens signed with it are "
                    + "accepted, but the secret is weak; use a longer one");
        }
        publicKey = config.jwtPublicKey().map(PublicKeys::parseRsa).orElse(null);
        if (config.devMode()) {
            devSigningSecret = secret != null && secret.length >= MIN_HMAC_BYTES ? secret : randomSecret();
        }
        if (secret == null && publicKey == null && !config.devMode()) {
            LOG.warning("Neither herald.jwt.secret nor herald.jwt.public-key is set: every request that needs a "
                    + "token will be refused with 401");
        }
    }

    private static byte[] randomSecret() {
        byte[] random = new byte[MIN_HMAC_BYTES];
        new SecureRandom().nextBytes(random);
        return random;
    }

    /** Verifies a token and returns its caller; throws {@link InvalidTokenException} saying why not. */
    public Caller verify(String token, TokenSource source) {
        Verified known = verified.get(token);
        if (known == null || !Instant.now().isBefore(known.expiresAt())) {
            // Unknown, or known and expired now: the full check says which, and why.
            verified.remove(token);
            known = verifyFully(token);
            remember(token, known);
        }
        return new Caller(known.subject(), known.groups(), known.topics(), source, false, known.expiresAt());
    }

    /**
     * What a valid token says. The same bytes verify the same way under the same keys until
     * {@code exp}, so a publisher that sends one token with every request pays for parsing and the
     * signature once (the JSON reader buffers of the parse alone were 6.6% of all allocation in
     * scenario b of the benchmark, JFR).
     */
    private record Verified(String subject, Set<String> groups, Set<String> topics, Instant expiresAt) {}

    private Verified verifyFully(String token) {
        SignedJWT jwt = parse(token);
        JWSAlgorithm algorithm = jwt.getHeader().getAlgorithm();
        if (!verifySignature(jwt, algorithm)) {
            throw new InvalidTokenException("the token's signature is not valid for " + algorithm);
        }
        JWTClaimsSet claims = claims(jwt);
        return new Verified(claims.getSubject(), stringSet(claims, "groups"), stringSet(claims, "topics"),
                claims.getExpirationTime().toInstant());
    }

    private void remember(String token, Verified valid) {
        if (verified.size() >= MAX_REMEMBERED) {
            // Bounded without bookkeeping: forgetting all costs one full check per token in use.
            verified.clear();
        }
        verified.put(token, valid);
    }

    private static SignedJWT parse(String token) {
        try {
            return SignedJWT.parse(token);
        } catch (ParseException | RuntimeException e) {
            throw new InvalidTokenException("the token is not a signed JWT");
        }
    }

    private boolean verifySignature(SignedJWT jwt, JWSAlgorithm algorithm) {
        try {
            if (JWSAlgorithm.HS256.equals(algorithm)) {
                return (secret != null && verifyHmac(jwt, secret))
                        || (devSigningSecret != null && verifyHmac(jwt, devSigningSecret));
            }
            if (JWSAlgorithm.RS256.equals(algorithm) && publicKey != null) {
                return jwt.verify(new RSASSAVerifier(publicKey));
            }
            throw new InvalidTokenException("tokens signed with " + algorithm + " are not accepted here");
        } catch (JOSEException e) {
            throw new InvalidTokenException("the token's signature could not be checked");
        }
    }

    private static boolean verifyHmac(SignedJWT jwt, byte[] key) throws JOSEException {
        if (key.length >= MIN_HMAC_BYTES) {
            return jwt.verify(new MACVerifier(key));
        }
        // Nimbus refuses keys under 256 bits; a deployment may still have one, so check the
        // HMAC with the JDK's own implementation and compare in constant time.
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            byte[] expected = mac.doFinal(jwt.getSigningInput());
            return MessageDigest.isEqual(expected, jwt.getSignature().decode());
        } catch (GeneralSecurityException e) {
            throw new JOSEException("HMAC unavailable", e);
        }
    }

    private static JWTClaimsSet claims(SignedJWT jwt) {
        try {
            JWTClaimsSet claims = jwt.getJWTClaimsSet();
            DefaultJWTClaimsVerifier<com.nimbusds.jose.proc.SecurityContext> rules =
                    new DefaultJWTClaimsVerifier<>(null, Set.of("exp"));
            rules.setMaxClockSkew(0);
            rules.verify(claims, null);
            return claims;
        } catch (ParseException e) {
            throw new InvalidTokenException("the token's claims are not valid JSON");
        } catch (BadJWTException e) {
            String detail = e.getMessage() == null ? "" : e.getMessage().toLowerCase();
            if (detail.contains("expired")) {
                throw new InvalidTokenException("the token has expired");
            }
            if (detail.contains("missing")) {
                throw new InvalidTokenException("the token has no exp claim; exp is required");
            }
            throw new InvalidTokenException("the token is not valid yet or its claims are not accepted");
        }
    }

    private static Set<String> stringSet(JWTClaimsSet claims, String name) {
        Object value = claims.getClaim(name);
        if (value == null) {
            return Set.of();
        }
        if (value instanceof String single) {
            return Set.of(single);
        }
        if (value instanceof Collection<?> many && many.stream().allMatch(String.class::isInstance)) {
            Set<String> strings = new LinkedHashSet<>();
            many.forEach(element -> strings.add((String) element));
            return Set.copyOf(strings);
        }
        throw new InvalidTokenException("the token's " + name + " claim must be an array of strings");
    }

    /** Signs a demo token in dev mode; empty outside it. */
    public Optional<String> issueDevToken(String subject, List<String> groups, List<String> topics, Duration life) {
        if (devSigningSecret == null) {
            return Optional.empty();
        }
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .subject(subject)
                .claim("groups", groups)
                .claim("topics", topics)
                .issueTime(new Date())
                .expirationTime(Date.from(Instant.now().plus(life)))
                .build();
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
        try {
            jwt.sign(new MACSigner(devSigningSecret));
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign a dev token", e);
        }
        return Optional.of(jwt.serialize());
    }
}
