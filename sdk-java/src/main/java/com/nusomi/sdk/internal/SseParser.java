package com.nusomi.sdk.internal;

/**
 * Server-Sent Events parsing per the WHATWG "event stream interpretation", fed one line at a time (the caller
 * splits on CRLF, LF or CR, as {@link java.io.BufferedReader#readLine()} does).
 */
public final class SseParser {

    /** What a line completed: a message, a comment, or nothing yet. */
    public sealed interface Item {}

    /**
     * A dispatched message.
     *
     * @param id    its {@code id:} field, or null when it had none
     * @param event its {@code event:} field, {@code message} when absent
     * @param data  its {@code data:} lines joined by LF
     * @param retry its {@code retry:} field in ms, or null
     */
    public record Message(String id, String event, String data, Long retry) implements Item {}

    /**
     * A comment line ({@code : keepalive}).
     *
     * @param text the text after the colon and one optional space
     */
    public record Comment(String text) implements Item {}

    private final StringBuilder data = new StringBuilder();
    private boolean hasData;
    private String event = "";
    private String id;
    private Long retry;
    private boolean sawField;

    /** Feeds one line (without its terminator); answers what it completed, or null. */
    public Item line(String line) {
        if (line.isEmpty()) {
            Item out = null;
            // an event without data (`event: end`) is dispatched too, so the end of a stream is never missed
            if (sawField && (hasData || !event.isEmpty())) {
                out = new Message(id, event.isEmpty() ? "message" : event, data.toString(), retry);
            }
            data.setLength(0);
            hasData = false;
            event = "";
            id = null;
            retry = null;
            sawField = false;
            return out;
        }
        if (line.charAt(0) == ':') {
            return new Comment(stripOneSpace(line.substring(1)));
        }
        int colon = line.indexOf(':');
        String field = colon < 0 ? line : line.substring(0, colon);
        String value = colon < 0 ? "" : stripOneSpace(line.substring(colon + 1));
        sawField = true;
        switch (field) {
            case "data" -> {
                if (hasData) {
                    data.append('\n');
                }
                data.append(value);
                hasData = true;
            }
            case "event" -> event = value;
            case "id" -> {
                if (value.indexOf('\0') < 0) {
                    id = value;
                }
            }
            case "retry" -> {
                if (!value.isEmpty() && value.chars().allMatch(Character::isDigit)) {
                    retry = Long.parseLong(value);
                }
            }
            default -> {
                // unknown fields are ignored, as the spec says
            }
        }
        return null;
    }

    private static String stripOneSpace(String value) {
        return value.startsWith(" ") ? value.substring(1) : value;
    }
}
