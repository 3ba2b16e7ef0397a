package dev.herald.config;

import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.spi.JsonProvider;
import java.io.Reader;

/**
 * JSON-P builders and readers from one provider looked up once. {@code Json.createObjectBuilder()}
 * looks the provider up again on every call (a ServiceLoader scan of the WAR's jars): profiled at
 * about half of the CPU of a publish before this class.
 */
public final class JsonObjects {

    private static final JsonProvider PROVIDER = JsonProvider.provider();

    private JsonObjects() {}

    public static JsonProvider provider() {
        return PROVIDER;
    }

    public static JsonObjectBuilder builder() {
        return PROVIDER.createObjectBuilder();
    }

    public static JsonReader reader(Reader text) {
        return PROVIDER.createReader(text);
    }
}
