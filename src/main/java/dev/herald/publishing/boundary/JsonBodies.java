package dev.herald.publishing.boundary;

import dev.herald.config.JsonObjects;
import dev.herald.problems.Problem;
import jakarta.json.JsonConfig;
import jakarta.json.JsonException;
import jakarta.json.JsonReader;
import jakarta.json.JsonReaderFactory;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonParsingException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.util.Map;

/**
 * Reads a request body as JSON the strict way: {@code application/json} only (415), no more than
 * the payload limit (413), well-formed text in its declared charset with no duplicate keys (400).
 */
final class JsonBodies {

    // An over-long body is still read, up to this much, before the 413: over HTTP/2 a client
    // whose body is never read stalls on flow control and never sees the answer.
    private static final long MAX_DRAIN_BYTES = 1 << 20;

    private static final JsonReaderFactory READERS =
            JsonObjects.provider().createReaderFactory(Map.of(JsonConfig.KEY_STRATEGY, JsonConfig.KeyStrategy.NONE));

    private JsonBodies() {}

    static JsonValue read(HttpHeaders headers, InputStream body, int maxBytes) {
        Charset charset = charsetOf(headers.getMediaType());
        if (headers.getLength() > maxBytes) {
            drain(body);
            throw tooLarge(maxBytes);
        }
        // A declared length sizes the read (a publish is a few hundred bytes; reading up to the limit
        // allocated buffers of 8 KiB and more for each: 5.5% of all allocation in the benchmark, JFR).
        int expected = headers.getLength() >= 0 ? headers.getLength() : maxBytes; // at most maxBytes: checked above
        String text = decode(readAtMost(body, expected, maxBytes), charset);
        try (JsonReader reader = READERS.createReader(new StringReader(text))) {
            return reader.readValue();
        } catch (JsonParsingException e) {
            throw Problem.badRequest("invalid-json", "The body is not valid JSON (line "
                    + e.getLocation().getLineNumber() + ", column " + e.getLocation().getColumnNumber() + ").");
        } catch (JsonException | IllegalStateException e) {
            throw Problem.badRequest("invalid-json", "The body is not valid JSON: " + e.getMessage());
        } catch (RuntimeException beyondParserLimits) {
            // The parser's own limits (Parsson: nesting deeper than 1,000, a number of more than 1,100
            // characters) surface as plain runtime exceptions; they are the client's doing, not a 500.
            throw Problem.badRequest("invalid-json",
                    "The body is JSON nested too deeply or with a number too long to be accepted.");
        }
    }

    private static Charset charsetOf(MediaType type) {
        if (type == null || !"application".equalsIgnoreCase(type.getType()) || !"json".equalsIgnoreCase(type.getSubtype())) {
            throw Problem.unsupportedMediaType("Send the body as Content-Type: application/json.");
        }
        String name = type.getParameters().get(MediaType.CHARSET_PARAMETER);
        if (name == null) {
            return StandardCharsets.UTF_8;
        }
        try {
            return Charset.forName(name.trim());
        } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
            throw Problem.unsupportedMediaType("The charset '" + name + "' is not supported; use UTF-8.");
        }
    }

    private static byte[] readAtMost(InputStream body, int expected, int maxBytes) {
        try (body) {
            // The container ends a body with a declared length there; one without is read up to the limit.
            byte[] bytes = body.readNBytes(expected + 1);
            if (bytes.length > maxBytes) {
                drain(body);
                throw tooLarge(maxBytes);
            }
            return bytes;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void drain(InputStream body) {
        try {
            long left = MAX_DRAIN_BYTES;
            byte[] sink = new byte[8192];
            int n;
            while (left > 0 && (n = body.read(sink, 0, (int) Math.min(sink.length, left))) > 0) {
                left -= n;
            }
        } catch (IOException clientGone) {
            // the answer is a 413 either way
        }
    }

    private static String decode(byte[] bytes, Charset charset) {
        try {
            return charset.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw Problem.badRequest("invalid-json", "The body is not valid " + charset.name() + " text.");
        }
    }

    private static Problem tooLarge(int maxBytes) {
        return Problem.payloadTooLarge("The body is larger than " + maxBytes + " bytes (herald.max-payload-bytes).");
    }
}
