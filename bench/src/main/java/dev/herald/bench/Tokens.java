package dev.herald.bench;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.List;

/** HS256 tokens signed with the secret the server was started with, valid for two hours. */
final class Tokens {

    private final MACSigner signer;

    Tokens(String secret) {
        try {
            signer = new MACSigner(secret.getBytes(StandardCharsets.UTF_8));
        } catch (JOSEException e) {
            throw new IllegalArgumentException("secret too short for HS256", e);
        }
    }

    String subscriber(String user) {
        return mint(user, List.of(), List.of("*"));
    }

    /** The {@code n}-th publishing application's token. */
    String publisher(int n) {
        return mint("bench-publisher-" + n, List.of("publisher"), List.of());
    }

    String admin() {
        return mint("bench-admin", List.of("admin"), List.of());
    }

    private String mint(String subject, List<String> groups, List<String> topics) {
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .subject(subject)
                .claim("groups", groups)
                .claim("topics", topics)
                .expirationTime(new Date(System.currentTimeMillis() + 2 * 3600_000L))
                .build();
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
        try {
            jwt.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jwt.serialize();
    }
}
