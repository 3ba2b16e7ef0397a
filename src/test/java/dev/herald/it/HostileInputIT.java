package dev.herald.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.herald.channels.entity.Channel;
import dev.herald.channels.entity.EventId;
import dev.herald.fuzz.Hostile;
import jakarta.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Generated hostile input over real HTTP at every endpoint — subscribe, poll, publish (single and
 * batch), admin, health — seeded and reproducible ({@link Hostile}). Whatever is sent, the answer
 * is never a 5xx and never shows internals; where Herald answers an error it is the contract's
 * status as {@code application/problem+json}; and a stream given a hostile {@code Last-Event-ID}
 * still starts with {@code connected} then {@code reset}.
 */
class HostileInputIT extends ContractSuite {

    private static final Pattern ID = Pattern.compile("[0-9]+-[0-9]+");
    private static final List<String> INTERNALS = List.of("Exception", "\tat ", "at java.", "at org.", "at dev.herald",
            "Payara", "payara", "Grizzly", "grizzly", "Jersey", "jersey", "GlassFish", "glassfish", "Caused by",
            Tokens.SECRET);

    private int port() {
        return base.getPort();
    }

    private String path(String apiPath) {
        String context = base.getPath().endsWith("/") ? base.getPath() : base.getPath() + "/";
        return context + "api/" + apiPath;
    }

    // ---- what every answer must hold ------------------------------------------------------

    private static void assertNoInternals(RawHttp.Answer answer, Object input) {
        assertTrue(answer.status() < 500, "a " + answer.status() + " for " + Hostile.describe(input) + ": " + answer.body());
        boolean operatorFigures = answer.status() == 200 && (answer.body().contains("\"node\"") || answer.body().contains("herald_"));
        for (String internal : operatorFigures ? List.of("Exception", "\tat ", Tokens.SECRET) : INTERNALS) {
            assertFalse(answer.body().contains(internal), "internals (" + internal + ") in " + Hostile.describe(answer.body()));
        }
        assertNull(answer.header("X-Powered-By"), "X-Powered-By");
        assertNull(answer.header("Server"), "a Server header");
    }

    /** An error Herald answered: the contract's status, as problem+json with type, title, status and detail. */
    private static JsonObject assertProblem(RawHttp.Answer answer, Set<Integer> allowed, Object input) {
        assertNoInternals(answer, input);
        assertTrue(allowed.contains(answer.status()),
                "status " + answer.status() + " not in " + allowed + " for " + Hostile.describe(input) + ": " + answer.body());
        assertTrue(String.valueOf(answer.header("Content-Type")).startsWith("application/problem+json"),
                "problem+json, not " + answer.header("Content-Type") + " for " + Hostile.describe(input));
        assertEquals("nosniff", answer.header("X-Content-Type-Options"));
        JsonObject problem = json(answer.body());
        assertEquals(answer.status(), problem.getInt("status"));
        assertTrue(problem.getString("type").startsWith("urn:herald:problem:"));
        assertFalse(problem.getString("title").isBlank());
        assertFalse(problem.getString("detail").isBlank());
        if (answer.status() == 429 || answer.status() == 503) {
            assertNotNull(answer.header("Retry-After"));
        }
        return problem;
    }

    // ---- how hostile values travel ----------------------------------------------------------

    /** A value as a header can carry it: visible ASCII, spaces and tabs (anything else becomes '?'). */
    private static String headerSafe(String value) {
        StringBuilder out = new StringBuilder();
        for (char c : value.toCharArray()) {
            out.append((c >= 0x20 && c < 0x7f) || c == '\t' ? c : '?');
        }
        return out.toString();
    }

    /** Every byte outside the unreserved set percent-encoded, so that a name reaches the path parameter as it is. */
    private static String pathSegment(String name) {
        StringBuilder out = new StringBuilder();
        for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.') {
                out.append(c);
            } else {
                out.append('%').append(String.format("%02X", b & 0xff));
            }
        }
        return out.toString();
    }

    private static String query(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /**
     * Whether a name reaches Herald's resource as a path parameter at all: an empty one, a dot
     * segment or an encoded slash or backslash changes which path the container routes it to.
     */
    private static boolean routable(String name) {
        return !name.isEmpty() && !name.equals(".") && !name.equals("..") && name.indexOf('/') < 0
                && name.indexOf('\\') < 0 && name.indexOf(';') < 0 && name.indexOf('\u0000') < 0;
    }

    /** A publisher of its own, so that the generated publishes never meet the test servers' publish rate. */
    private static String fuzzPublisher() {
        return Tokens.hs256().sub("fuzz-" + java.util.UUID.randomUUID()).groups("publisher").build();
    }

    private String kind(Hostile h) {
        return h.chance(0.5) ? "users" : "topics";
    }

    // ---- the endpoints ----------------------------------------------------------------------

    @Test
    void aStreamGivenAHostileLastEventIdStartsWithConnectedThenReset() {
        Hostile.seeded("stream last-event-id").check(Hostile.tries(40), h -> new String[] {
                HeraldApi.newUser(), headerSafe(h.eventIdText()), h.chance(0.3) ? "query" : "header"}, input -> {
            String user = input[0];
            String lastEventId = input[1];
            boolean inQuery = input[2].equals("query");
            String target = path("users/" + user + "/events") + (inQuery ? "?lastEventId=" + query(lastEventId) : "");
            Map<String, String> headers = new LinkedHashMap<>();
            headers.put("Authorization", "Bearer " + Tokens.user(user));
            headers.put("Accept", "text/event-stream");
            if (!inQuery) {
                headers.put("Last-Event-ID", lastEventId);
            }
            // The container trims a header's surrounding whitespace; an empty id is no id at all.
            String asReceived = inQuery ? lastEventId : lastEventId.strip();
            boolean reset = !asReceived.isEmpty() && !EventId.parse(asReceived).equals(Optional.of(EventId.ZERO));
            RawHttp.Answer answer = RawHttp.exchange(port(), RawHttp.request("GET", target, headers, null), reset ? 2 : 1);
            assertNoInternals(answer, input);
            assertEquals(200, answer.status(), "for " + Hostile.describe(input) + ": " + answer.body());
            assertTrue(answer.events().size() >= (reset ? 2 : 1), "events: " + answer.events());
            SseEvent connected = answer.events().get(0);
            assertEquals("connected", connected.event());
            assertNull(connected.idField());
            assertEquals("user:" + user, json(connected.data()).getString("channel"));
            if (reset) {
                SseEvent resetEvent = answer.events().get(1);
                assertEquals("reset", resetEvent.event(), "for " + Hostile.describe(input));
                assertNull(resetEvent.idField());
                assertEquals("unknown-id", json(resetEvent.data()).getString("reason"));
            }
            answer.events().forEach(event -> assertFalse(event.data().contains("\n"), "one data line"));
        });
    }

    @Test
    void hostileChannelNamesAndCredentialsOnStreamsAreTheContractsRefusals() {
        Hostile.seeded("stream names").check(Hostile.tries(60), h -> new String[] {kind(h), h.name(),
                h.chance(0.25) ? headerSafe(h.headerText()) : null}, input -> {
            String name = input[1];
            String credential = input[2];
            String token = input[0].equals("users") ? Tokens.user(name) : Tokens.user(HeraldApi.newUser(), "*");
            Map<String, String> headers = new LinkedHashMap<>();
            headers.put("Authorization", credential == null ? "Bearer " + token : credential);
            RawHttp.Answer answer = RawHttp.exchange(port(),
                    RawHttp.request("GET", path(input[0] + "/" + pathSegment(name) + "/events"), headers, null), 1);
            assertNoInternals(answer, input);
            if (credential != null && routable(name)) {
                assertProblem(answer, Set.of(401), input);
            } else if (Channel.isValidName(name) && routable(name)) {
                assertEquals(200, answer.status(), "for " + Hostile.describe(input) + ": " + answer.body());
                assertEquals("connected", answer.events().get(0).event());
            } else if (routable(name)) {
                assertProblem(answer, Set.of(400), input);
            } else if (answer.status() >= 400 && !answer.body().isEmpty()) {
                assertProblem(answer, Set.of(400, 401, 404), input);
            }
        });
    }

    @Test
    void hostilePollParametersAre400OrAnAnswerNeverAFailure() {
        Hostile.seeded("poll parameters").check(Hostile.tries(40), h -> new String[] {
                h.chance(0.7) ? h.eventIdText() : null,
                h.oneOf(List.of("0", "1", "-1", "", " 0", "abc", "0x1", "1e1", "99999999999", "\u0661", "0.5", "+0")),
                h.chance(0.5) ? h.oneOf(List.of("1", "0", "-5", "1000", "1001", "x", "99999999999", "")) : null}, input -> {
            String user = HeraldApi.newUser();
            StringBuilder target = new StringBuilder(path("users/" + user + "/updates")).append("?wait=").append(query(input[1]));
            if (input[0] != null) {
                target.append("&since=").append(query(input[0]));
            }
            if (input[2] != null) {
                target.append("&limit=").append(query(input[2]));
            }
            boolean valid = (input[0] == null || EventId.parse(input[0]).isPresent())
                    && wholeNumberAtLeast(input[1], 0) && (input[2] == null || wholeNumberAtLeast(input[2], 1));
            RawHttp.Answer answer = RawHttp.exchange(port(), RawHttp.request("GET", target.toString(),
                    Map.of("Authorization", "Bearer " + Tokens.user(user)), null));
            if (valid) {
                assertNoInternals(answer, input);
                assertEquals(200, answer.status(), "for " + Hostile.describe(input) + ": " + answer.body());
                assertTrue(json(answer.body()).containsKey("cursor"));
            } else {
                assertProblem(answer, Set.of(400), input);
            }
        });
    }

    private static boolean isMediaType(String contentType) {
        try {
            jakarta.ws.rs.core.MediaType.valueOf(contentType);
            return !contentType.isBlank() && !contentType.startsWith(";");
        } catch (IllegalArgumentException notOne) {
            return false;
        }
    }

    /** The server's rule for wait and limit: a whole number (Java's parseInt, trimmed) of at least {@code min}. */
    private static boolean wholeNumberAtLeast(String text, int min) {
        try {
            return Integer.parseInt(text.trim()) >= min;
        } catch (NumberFormatException malformed) {
            return false;
        }
    }

    @Test
    void hostilePublishesAreAcceptedOrTheContractsRefusals() {
        Hostile.seeded("publishes").check(Hostile.tries(100), h -> new Object[] {kind(h),
                h.chance(0.85) ? HeraldApi.newUser() : h.name(),
                h.chance(0.8) ? "application/json" : h.contentType(),
                h.bodyBytes(h.singleBody()),
                h.oneOf(List.of("publisher", "publisher", "publisher", "publisher", "user", "none", "hostile"))}, input -> {
            String kind = (String) input[0];
            String name = (String) input[1];
            String who = (String) input[4];
            Map<String, String> headers = new LinkedHashMap<>();
            headers.put("Content-Type", (String) input[2]);
            switch (who) {
                case "publisher" -> headers.put("Authorization", "Bearer " + fuzzPublisher());
                case "user" -> headers.put("Authorization", "Bearer " + Tokens.user("someone"));
                case "hostile" -> headers.put("Authorization", "Bearer x" + ((byte[]) input[3]).length + ".y.z");
                default -> {
                    // no credentials
                }
            }
            RawHttp.Answer answer = RawHttp.exchange(port(), RawHttp.request("POST",
                    path(kind + "/" + pathSegment(name) + "/notifications"), headers, (byte[]) input[3]));
            if (!routable(name)) {
                assertNoInternals(answer, input);
                return;
            }
            if (!isMediaType((String) input[2])) {
                // Not a media type at all: the runtime refuses it (400) before any filter runs, credentials or not.
                assertProblem(answer, Set.of(400, 401, 415), input);
            } else if (who.equals("none") || who.equals("hostile")) {
                assertProblem(answer, Set.of(401), input);
            } else if (!Channel.isValidName(name)) {
                assertProblem(answer, Set.of(400), input);
            } else if (answer.status() == 202) {
                assertEquals("publisher", who, "only a publisher publishes");
                JsonObject accepted = json(answer.body());
                assertTrue(ID.matcher(accepted.getString("id")).matches());
                assertEquals((kind.equals("users") ? "user:" : "topic:") + name, accepted.getString("channel"));
            } else {
                assertProblem(answer, who.equals("user") ? Set.of(400, 403, 413, 415) : Set.of(400, 413, 415), input);
            }
        });
    }

    @Test
    void hostileBatchesAreAcceptedWholeOrTheContractsRefusals() {
        Hostile.seeded("batches").check(Hostile.tries(50), h -> h.bodyBytes(h.batchBody()), body -> {
            RawHttp.Answer answer = RawHttp.exchange(port(), RawHttp.request("POST", path("notifications"),
                    Map.of("Authorization", "Bearer " + fuzzPublisher(), "Content-Type", "application/json"), body));
            if (answer.status() == 202) {
                json(answer.body()).getJsonArray("ids").forEach(id -> assertTrue(ID.matcher(id.toString().replace("\"", "")).matches()));
            } else {
                assertProblem(answer, Set.of(400, 413), body);
            }
        });
    }

    @Test
    void hostileAdminCallsAreTheContractsRefusals() {
        Hostile.seeded("admin").check(Hostile.tries(30), h -> new String[] {h.name(), h.chance(0.7) ? "admin" : "user"}, input -> {
            String name = input[0];
            boolean admin = input[1].equals("admin");
            RawHttp.Answer kick = RawHttp.exchange(port(), RawHttp.request("POST", path("admin/users/" + pathSegment(name) + "/kick"),
                    Map.of("Authorization", "Bearer " + (admin ? Tokens.admin() : Tokens.user("nobody"))), new byte[0]));
            if (!routable(name)) {
                assertNoInternals(kick, input);
            } else if (!Channel.isValidName(name)) {
                assertProblem(kick, Set.of(400), input);
            } else if (admin) {
                assertEquals(202, kick.status(), kick.body());
            } else {
                assertProblem(kick, Set.of(403), input);
            }
        });
    }

    @Test
    void hostileHeadersAreRefusedOrIgnoredNeverAFailure() {
        List<String> names = List.of("Authorization", "Cookie", "Origin", "Accept", "Last-Event-ID", "If-None-Match",
                "Access-Control-Request-Method", "X-Forwarded-For", "Content-Type");
        List<String> targets = List.of("health", "admin/stats", "metrics", "users/alice/updates?wait=0", "topics/news/updates?wait=0");
        Hostile.seeded("headers").check(Hostile.tries(60), h -> new String[] {h.oneOf(names), headerSafe(h.headerText()),
                h.oneOf(targets), h.chance(0.2) ? "OPTIONS" : "GET"}, input -> {
            String header = input[0];
            String value = input[1];
            String target = input[2];
            Map<String, String> headers = new LinkedHashMap<>();
            headers.put(header, header.equals("Authorization") ? (value.startsWith("B") ? value : "Bearer " + value) : value);
            if (!header.equals("Authorization") && !target.equals("health")) {
                headers.put("Authorization", "Bearer " + Tokens.admin());
            }
            RawHttp.Answer answer = RawHttp.exchange(port(), RawHttp.request(input[3], path(target), headers, null));
            assertNoInternals(answer, input);
            if (answer.status() >= 400) {
                assertProblem(answer, Set.of(400, 401, 403, 404, 405, 406, 415), input);
            }
            if (header.equals("Authorization") && !target.equals("health") && input[3].equals("GET")) {
                assertProblem(answer, Set.of(401), input);
            }
        });
    }

    @Test
    void malformedRequestsAreRefusedWithoutAFailureOrInternals() {
        List<String> targets = List.of("health", "users/alice/events", "users/alice/notifications", "notifications", "admin/stats");
        Hostile.seeded("malformed").check(Hostile.tries(40), h -> new Object[] {h.oneOf(targets), h.anyText(30), h.between(0, 5)},
                input -> {
            String target = path((String) input[0]);
            String junk = (String) input[1];
            byte[] request = switch ((int) input[2]) {
                // raw bytes in the target, control characters in a header value, a header split by a bare LF,
                // a request line with a stray space, a huge header, an obs-folded header
                case 0 -> RawHttp.request("GET", target + junk.replace(" ", "%20"), Map.of(), null);
                case 1 -> RawHttp.request("GET", target, Map.of("Authorization", "Bearer " + junk), null);
                case 2 -> RawHttp.request("POST", target, Map.of("Content-Type", "application/json\n" + junk), "{\"data\":1}".getBytes(StandardCharsets.UTF_8));
                case 3 -> RawHttp.request("GET", target + " " + junk, Map.of(), null);
                case 4 -> RawHttp.request("GET", target, Map.of("X-Big", "a".repeat(20_000)), null);
                default -> RawHttp.request("GET", target, Map.of("Authorization", "Bearer\r\n " + junk), null);
            };
            RawHttp.Answer answer = RawHttp.exchange(port(), request, 1);
            int shape = (int) input[2];
            if (answer.status() == 505 && (shape == 0 || shape == 3)) {
                // A request line whose junk hides the version: the container's own "505 HTTP Version Not
                // Supported", before any application sees it (API.md: its own status stands). No body.
                assertEquals("", answer.body());
                return;
            }
            assertNoInternals(answer, input);
        });
    }

    @Test
    void healthAnswersWhateverElseIsSent() {
        // In the Redis run the node connects in the background after its deployment: wait for UP first.
        Await.until(TIMEOUT, () -> Http.get(api.uri("health"), null).status() == 200, "the bus is up");
        Hostile.seeded("health").check(Hostile.tries(20), h -> headerSafe(h.headerText()), value -> {
            RawHttp.Answer answer = RawHttp.exchange(port(), RawHttp.request("GET", path("health"),
                    Map.of("Authorization", value, "Cookie", "herald_token=" + value), null));
            assertNoInternals(answer, value);
            assertEquals(200, answer.status(), answer.body());
            assertEquals("UP", json(answer.body()).getString("status"));
        });
    }
}
