package dev.herald.bus.control;

/** What a bus is ({@code memory} or {@code redis}) and whether it is reachable. */
public record BusStatus(String type, boolean up, String detail) {

    public String state() {
        return up ? "UP" : "DOWN";
    }
}
