package dev.herald.it;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonStructure;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;

/** Plain HTTP calls for the tests: status, headers and body, and the body as JSON. */
public final class Http {

    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

    /** An answer: status, headers and the body text. */
    public record Answer(int status, HttpHeaders headers, String body) {

        public JsonObject json() {
            try (JsonReader reader = Json.createReader(new StringReader(body))) {
                return reader.readObject();
            }
        }

        public JsonArray jsonArray() {
            try (JsonReader reader = Json.createReader(new StringReader(body))) {
                return reader.readArray();
            }
        }

        /** The body as a JSON object or array, whichever it is. */
        public JsonStructure jsonStructure() {
            try (JsonReader reader = Json.createReader(new StringReader(body))) {
                return reader.read();
            }
        }

        public String header(String name) {
            return headers.firstValue(name).orElse(null);
        }

        public String contentType() {
            return header("Content-Type");
        }
    }

    private Http() {}

    /** A GET with a bearer token (null for none) and extra headers given as name, value, name, value. */
    public static Answer get(URI uri, String token, String... headers) {
        return send(request(uri, token, headers).GET());
    }

    public static Answer get(URI uri, String token, Map<String, String> headers) {
        return get(uri, token, pairs(headers));
    }

    public static Answer postJson(URI uri, String token, String json, Map<String, String> headers) {
        return postJson(uri, token, json, pairs(headers));
    }

    public static Answer postJson(URI uri, String token, String json, String... headers) {
        return post(uri, token, "application/json", json, headers);
    }

    public static Answer post(URI uri, String token, String contentType, String body, String... headers) {
        HttpRequest.Builder request = request(uri, token, headers).POST(HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return send(request);
    }

    public static Answer postBytes(URI uri, String token, String contentType, byte[] body) {
        HttpRequest.Builder request = request(uri, token).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        request.header("Content-Type", contentType);
        return send(request);
    }

    public static Answer method(String method, URI uri, String token, String... headers) {
        return send(request(uri, token, headers).method(method, HttpRequest.BodyPublishers.noBody()));
    }

    private static String[] pairs(Map<String, String> headers) {
        return headers.entrySet().stream().flatMap(e -> Stream.of(e.getKey(), e.getValue())).toArray(String[]::new);
    }

    private static HttpRequest.Builder request(URI uri, String token, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(90));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        for (int i = 0; i + 1 < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return request;
    }

    private static Answer send(HttpRequest.Builder request) {
        HttpRequest built = request.build();
        try {
            HttpResponse<String> response = CLIENT.send(built, HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.headers(), response.body());
        } catch (HttpTimeoutException e) {
            ServerThreadDumps.take("no answer in time to " + built.method() + " " + built.uri());
            throw new UncheckedIOException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
