package dev.herald.security;

/** A presented token is not acceptable; the message says why and goes to the client. */
public class InvalidTokenException extends RuntimeException {

    public InvalidTokenException(String message) {
        super(message);
    }
}
