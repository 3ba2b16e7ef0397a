package dev.herald.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/** Reads {@code herald.jwt.public-key}: PEM text, its bare base64 body, or the path of a PEM file. */
final class PublicKeys {

    private PublicKeys() {}

    static RSAPublicKey parseRsa(String value) {
        String pem = value.trim();
        if (!pem.contains("-----BEGIN") && looksLikePath(pem) && Files.isRegularFile(Path.of(pem))) {
            try {
                pem = Files.readString(Path.of(pem), StandardCharsets.US_ASCII);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read herald.jwt.public-key file " + value, e);
            }
        }
        String body = pem.replaceAll("-----(BEGIN|END) [A-Z ]+-----", "")
                .replace("\\n", "")
                .replaceAll("\\s", "");
        try {
            byte[] der = Base64.getDecoder().decode(body);
            return (RSAPublicKey) KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(der));
        } catch (IllegalArgumentException | GeneralSecurityException | ClassCastException e) {
            throw new IllegalStateException(
                    "herald.jwt.public-key is not an RSA public key in PEM (BEGIN PUBLIC KEY) form", e);
        }
    }

    private static boolean looksLikePath(String value) {
        return value.startsWith("/") || value.startsWith("./") || value.endsWith(".pem");
    }
}
