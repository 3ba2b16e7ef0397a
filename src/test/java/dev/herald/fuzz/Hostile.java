package dev.herald.fuzz;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Seeded generators of hostile input for property tests: names, types, event ids, header values
 * and JSON bodies, each mixing valid values, values at the edges of the contract's rules and
 * values meant to break parsers or framing (CR/LF, NUL, invalid UTF-8, deep nesting, huge
 * numbers). The same seed gives the same inputs: a failure names its seed and case, and
 * {@code -Dherald.fuzz.seed=<seed>} runs exactly that sequence again; {@code -Dherald.fuzz.tries=<n>}
 * runs more cases.
 */
public final class Hostile {

    /** The characters of a valid channel name. */
    public static final String NAME_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._@-";
    /** The characters of a valid event type. */
    public static final String TYPE_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._-";

    private static final List<String> NASTY = List.of(
            "\r", "\n", "\r\n", "\u0000", "\t", " ", ":", "/", "\\", "%", "%0d%0a", "%00", "..", "../", "?", "#", "&",
            "\"", "'", "<script>", "${jndi:ldap://x}", "\u2028", "\u2029", "\u0085", "\u202e", "\ufeff", "\ud800",
            "\udc00", "\ud83d\ude00", "é", "\u00a0", "\u0660", "\uff10", "data: x", "\nid: 1-0", "\r\nevent: evil",
            "\n\ndata: injected\n\n", "*", ",", ";", "=");

    private final SplittableRandom random;
    private final long seed;

    private Hostile(long seed) {
        this.seed = seed;
        this.random = new SplittableRandom(seed);
    }

    /** A generator whose default seed is fixed by {@code name}, so every run tries the same cases. */
    public static Hostile seeded(String name) {
        String configured = System.getProperty("herald.fuzz.seed");
        long seed = configured == null || configured.isBlank() ? 0x4e52414c44L ^ name.hashCode() : Long.parseLong(configured.trim());
        return new Hostile(seed);
    }

    /** How many cases a property tries: {@code base}, or {@code -Dherald.fuzz.tries}. */
    public static int tries(int base) {
        String configured = System.getProperty("herald.fuzz.tries");
        return configured == null || configured.isBlank() ? base : Integer.parseInt(configured.trim());
    }

    public long seed() {
        return seed;
    }

    /**
     * Runs {@code property} on {@code tries} generated cases; a failure is rethrown naming the
     * seed, the case number and the input, so that it can be replayed.
     */
    public <T> void check(int tries, Function<Hostile, T> generator, Consumer<T> property) {
        for (int i = 0; i < tries; i++) {
            T input = generator.apply(this);
            try {
                property.accept(input);
            } catch (AssertionError | RuntimeException failure) {
                throw new AssertionError("property failed for case " + i + " of seed " + seed
                        + " (-Dherald.fuzz.seed=" + seed + "): " + describe(input) + "\n" + failure, failure);
            }
        }
    }

    /** A printable form of a generated input: control and non-ASCII characters escaped. */
    public static String describe(Object input) {
        String text = input instanceof byte[] bytes ? hex(bytes)
                : input instanceof Object[] parts ? java.util.Arrays.stream(parts).map(Hostile::describe).toList().toString()
                : String.valueOf(input);
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < text.length() && out.length() < 600; i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c > 0x7e) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return text.length() > 600 ? out + "…(" + text.length() + " chars)" : out.toString();
    }

    private static String hex(byte[] bytes) {
        StringBuilder out = new StringBuilder("bytes[");
        for (int i = 0; i < Math.min(bytes.length, 200); i++) {
            out.append(String.format("%02x", bytes[i]));
        }
        return out.append(bytes.length > 200 ? "…" : "").append("](").append(bytes.length).append(')').toString();
    }

    // ---- primitives ---------------------------------------------------------------------

    public int between(int min, int max) {
        return random.nextInt(min, max + 1);
    }

    public boolean chance(double probability) {
        return random.nextDouble() < probability;
    }

    public <T> T oneOf(List<T> values) {
        return values.get(random.nextInt(values.size()));
    }

    public String nasty() {
        return oneOf(NASTY);
    }

    public String from(String alphabet, int length) {
        StringBuilder out = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            out.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return out.toString();
    }

    /** Any UTF-16 text: printable ASCII, controls, surrogates alone or paired, and the nasty strings. */
    public String anyText(int maxLength) {
        int length = between(0, maxLength);
        StringBuilder out = new StringBuilder();
        while (out.length() < length) {
            switch (random.nextInt(6)) {
                case 0 -> out.append(nasty());
                case 1 -> out.append((char) random.nextInt(0x20));
                case 2 -> out.append((char) random.nextInt(0x10000));
                default -> out.append((char) random.nextInt(0x20, 0x7f));
            }
        }
        return out.toString();
    }

    /** Mostly valid text from {@code alphabet}, sometimes spoiled by a nasty piece, sometimes at or past the length limit. */
    private String spoiled(String alphabet, int maxLength) {
        return switch (random.nextInt(8)) {
            case 0 -> "";
            case 1 -> from(alphabet, maxLength);
            case 2 -> from(alphabet, maxLength + between(1, 3));
            case 3 -> from(alphabet, between(0, 5)) + nasty() + from(alphabet, between(0, 5));
            case 4 -> anyText(20);
            case 5 -> nasty() + from(alphabet, between(1, 8));
            default -> from(alphabet, between(1, 24));
        };
    }

    // ---- the contract's inputs ------------------------------------------------------------

    /** A user id or topic name: valid ones, and ones the contract refuses. */
    public String name() {
        return spoiled(NAME_ALPHABET, 128);
    }

    /** An event type: valid ones, and ones the contract refuses. */
    public String type() {
        return spoiled(TYPE_ALPHABET, 64);
    }

    /** Something sent where an event id or cursor is expected. */
    public String eventIdText() {
        return switch (random.nextInt(12)) {
            case 0 -> random.nextLong(0, Long.MAX_VALUE) + "-" + random.nextLong(0, Long.MAX_VALUE);
            case 1 -> System.currentTimeMillis() + "-" + between(0, 5);
            case 2 -> "9".repeat(between(19, 25)) + "-0";
            case 3 -> "0-" + "9".repeat(between(19, 25));
            case 4 -> "-" + between(0, 9);
            case 5 -> between(0, 9) + "-";
            case 6 -> between(0, 99) + "-" + between(0, 9) + nasty();
            case 7 -> nasty() + between(0, 99) + "-0";
            case 8 -> "\u0661\u0662-\u0660";
            case 9 -> "+1-0";
            case 10 -> "1-0\r\nid: 9-9";
            default -> anyText(40);
        };
    }

    /** A header value as a client could send it, printable or not. */
    public String headerText() {
        return chance(0.5) ? from(" !\"#$%&'()*+,-./0123456789:;<=>?@ABCXYZ[\\]^_`abcxyz{|}~\t", between(0, 80)) : anyText(60);
    }

    /** A JSON value meant to hurt: deep, huge, odd numbers, hostile strings. */
    public String jsonValue(int depth) {
        int pick = random.nextInt(depth > 4 ? 6 : 10);
        return switch (pick) {
            case 0 -> "null";
            case 1 -> chance(0.5) ? "true" : "false";
            case 2 -> number();
            case 3 -> jsonString(anyText(30));
            case 4 -> jsonString(nasty());
            case 5 -> "\"" + rawEscapes() + "\"";
            case 6 -> {
                StringBuilder array = new StringBuilder("[");
                int n = between(0, 4);
                for (int i = 0; i < n; i++) {
                    array.append(i == 0 ? "" : ",").append(jsonValue(depth + 1));
                }
                yield array.append(']').toString();
            }
            case 7 -> {
                StringBuilder object = new StringBuilder("{");
                int n = between(0, 4);
                for (int i = 0; i < n; i++) {
                    object.append(i == 0 ? "" : ",").append(jsonString(anyText(8))).append(':').append(jsonValue(depth + 1));
                }
                yield object.append('}').toString();
            }
            case 8 -> nested(between(1, 3000));
            default -> jsonString(from(NAME_ALPHABET, between(0, 20)));
        };
    }

    private String nested(int depth) {
        boolean arrays = chance(0.5);
        return (arrays ? "[" : "{\"a\":").repeat(depth) + "1" + (arrays ? "]" : "}").repeat(depth);
    }

    /** Numbers JSON allows, at and past what a double, a long or a BigDecimal holds. */
    public String number() {
        return oneOf(List.of("0", "-0", "1", "-1.50", "1e308", "1e309", "-1e309", "1e999999999", "1e-999999999",
                "1E+2147483648", "1e-2147483649", "123456789012345678901234567890", "0.000000000000000000000000001",
                "9223372036854775808", "-9223372036854775809", "4.9e-324", "1" + "0".repeat(2000),
                "0." + "0".repeat(2000) + "1", Long.toString(random.nextLong())));
    }

    /** String escapes that are valid JSON but odd: lone surrogates, NUL, line separators. */
    private String rawEscapes() {
        return oneOf(List.of("\\ud800", "\\udc00x", "\\u0000", "\\u2028\\u2029", "\\r\\n\\r\\ndata: x", "\\\"\\\\\\/",
                "\\ud83d\\ude00", "\\uFEFF", "\\u001b[2J"));
    }

    public static String jsonString(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    /** A publish body for one channel as text: right shapes with hostile values, and wrong shapes. */
    public String singleBody() {
        return switch (random.nextInt(14)) {
            case 0 -> "{\"data\":" + jsonValue(0) + "}";
            case 1 -> "{\"type\":" + jsonString(type()) + ",\"data\":" + jsonValue(0) + "}";
            case 2 -> "{\"type\":" + jsonValue(3) + ",\"data\":1}";
            case 3 -> "{\"data\":1,\"data\":2}";
            case 4 -> "{\"type\":\"a\",\"type\":\"b\",\"data\":1}";
            case 5 -> "{\"data\":1," + jsonString(anyText(10)) + ":2}";
            case 6 -> jsonValue(0);
            case 7 -> "{\"data\":" + jsonValue(0);
            case 8 -> "{\"data\":1}" + oneOf(List.of("x", "{}", "\u0000", " ,", "]"));
            case 9 -> oneOf(List.of("", " ", "{", "}", "{'data':1}", "{data:1}", "{\"data\":NaN}", "{\"data\":Infinity}",
                    "{\"data\":01}", "{\"data\":1,}", "/*c*/{\"data\":1}", "\ufeff{\"data\":1}", "{\"data\":\"\\x41\"}",
                    "{\"data\":\"\\u12\"}", "{\"data\":\"a\nb\"}"));
            case 10 -> "{\"data\":" + nested(between(500, 5000)) + "}";
            case 11 -> "{\"data\":" + number() + "}";
            case 12 -> "{\"type\":null,\"data\":1}";
            default -> "{\"type\":" + jsonString(from(TYPE_ALPHABET, between(1, 64))) + ",\"data\":" + jsonString(anyText(50)) + "}";
        };
    }

    /** A batch publish body as text: items of every shape, sometimes too many. */
    public String batchBody() {
        if (chance(0.1)) {
            return singleBody();
        }
        StringBuilder batch = new StringBuilder("[");
        int n = chance(0.05) ? between(500, 520) : between(0, 6);
        for (int i = 0; i < n; i++) {
            batch.append(i == 0 ? "" : ",").append(batchItem());
        }
        return batch.append(']').toString();
    }

    private String batchItem() {
        String target = switch (random.nextInt(5)) {
            case 0 -> "\"topic\":" + jsonString(name());
            case 1 -> "\"userId\":" + jsonValue(4);
            case 2 -> "\"userId\":\"a\",\"topic\":\"b\"";
            case 3 -> "";
            default -> "\"userId\":" + jsonString(name());
        };
        String rest = singleBody();
        if (rest.startsWith("{") && rest.length() > 1 && !target.isEmpty()) {
            return "{" + target + (rest.equals("{}") || rest.charAt(1) == '}' ? "" : ",") + rest.substring(1);
        }
        return target.isEmpty() ? rest : "{" + target + "}";
    }

    /** A body's bytes: its text in UTF-8, sometimes spoiled with bytes no UTF-8 decoder accepts. */
    public byte[] bodyBytes(String text) {
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        if (!chance(0.25)) {
            return utf8;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int at = utf8.length == 0 ? 0 : random.nextInt(utf8.length);
        out.write(utf8, 0, at);
        byte[] bad = oneOf(List.of(new byte[] {(byte) 0xC3, 0x28}, new byte[] {(byte) 0xC0, (byte) 0xAE},
                new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, new byte[] {(byte) 0xFF}, new byte[] {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80},
                new byte[] {(byte) 0xE2, (byte) 0x82}, new byte[] {0}));
        out.write(bad, 0, bad.length);
        out.write(utf8, at, utf8.length - at);
        return out.toByteArray();
    }

    /** A Content-Type for a publish: right, almost right, and wrong. */
    public String contentType() {
        return oneOf(List.of("application/json", "application/json; charset=UTF-8", "application/json;charset=utf-16",
                "application/json; charset=UTF-7", "application/json; charset=bogus", "application/json; charset=",
                "application/json; charset=\"utf-8\"", "APPLICATION/JSON", "application/json+x", "application/jsonx",
                "text/json", "text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x",
                "application/json; charset=ISO-8859-1", "application/json; charset=x-user-defined",
                "application/json; charset=UTF-32", "*/*", "application/*", ";", "application/json;;", "a/b/c"));
    }
}
