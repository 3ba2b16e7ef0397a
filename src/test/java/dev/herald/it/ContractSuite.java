package dev.herald.it;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.StringReader;
import java.net.URL;
import java.time.Duration;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What every contract suite shares: the built WAR deployed by Arquillian to Payara Micro (with
 * the in-memory bus, or Redis in the {@code it-redis} run), and the API client pointed at it.
 */
@ExtendWith(ArquillianExtension.class)
@Tag("contract")
abstract class ContractSuite {

    static final Duration TIMEOUT = HeraldApi.TIMEOUT;

    @ArquillianResource
    URL base;

    HeraldApi api;

    @Deployment(testable = false)
    static WebArchive war() {
        return HeraldDeployment.war();
    }

    @BeforeEach
    void connectApi() {
        api = new HeraldApi(base);
    }

    static JsonObject json(String text) {
        try (JsonReader reader = Json.createReader(new StringReader(text))) {
            return reader.readObject();
        }
    }
}
