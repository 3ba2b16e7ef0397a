package dev.herald.bench;

import java.nio.charset.StandardCharsets;

/** The raw HTTP/1.1 requests the load tool sends. */
final class Requests {

    private Requests() {}

    static byte[] get(BenchEnv env, String path, String token, String accept) {
        String request = "GET " + path + " HTTP/1.1\r\n"
                + "Host: " + env.hostHeader() + "\r\n"
                + "Accept: " + accept + "\r\n"
                + "Authorization: Bearer " + token + "\r\n\r\n";
        return request.getBytes(StandardCharsets.US_ASCII);
    }

    static byte[] postJson(BenchEnv env, String path, String token, String json) {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        String head = "POST " + path + " HTTP/1.1\r\n"
                + "Host: " + env.hostHeader() + "\r\n"
                + "Authorization: Bearer " + token + "\r\n"
                + "Content-Type: application/json\r\n"
                + "Content-Length: " + body.length + "\r\n\r\n";
        byte[] headBytes = head.getBytes(StandardCharsets.US_ASCII);
        byte[] request = new byte[headBytes.length + body.length];
        System.arraycopy(headBytes, 0, request, 0, headBytes.length);
        System.arraycopy(body, 0, request, headBytes.length, body.length);
        return request;
    }

    /** A notification's body: its sequence number in its channel and when it was meant to be sent. */
    static String notification(long seq, long sentAtMicros, String padding) {
        return "{\"type\":\"bench\",\"data\":{\"seq\":" + seq + ",\"sentAt\":" + sentAtMicros
                + (padding.isEmpty() ? "" : ",\"pad\":\"" + padding + "\"") + "}}";
    }

    /** Reads the number after {@code "field":} in a JSON text, or -1. */
    static long number(String json, String field, int from) {
        int at = json.indexOf("\"" + field + "\":", from);
        if (at < 0) {
            return -1;
        }
        int i = at + field.length() + 3;
        long value = 0;
        while (i < json.length() && Character.isDigit(json.charAt(i))) {
            value = value * 10 + (json.charAt(i++) - '0');
        }
        return value;
    }
}
