package com.nusomi.captureingest.rest;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;

/**
 * A push parser of {@code multipart/form-data} (RFC 7578 / RFC 2046 §5.1): fed the body chunk by chunk as it arrives,
 * it reports each part's headers, its content in slices and its end, holding back only the few bytes that may begin
 * a boundary. Why not Vert.x's multipart decoder: it hands a part without a file name (the usual way to send
 * {@code metadata}) over only when the whole request has ended, so the images could not be stored as they arrive.
 */
final class MultipartParser {
    /** Longest header block of one part; real ones are a few hundred bytes. */
    private static final int MAX_HEADER_BYTES = 16 * 1024;
    private static final byte[] CRLF = {'\r', '\n'};
    private static final byte[] HEADER_END = {'\r', '\n', '\r', '\n'};

    /** What the parser found, in body order. */
    interface Listener {
        /** A part begins; {@code fileName} and {@code contentType} are null when the part has none. */
        void partStarted(String name, String fileName, String contentType);

        /** The next bytes of the current part's content (the array is the parser's: copy what must be kept). */
        void content(byte[] bytes, int offset, int length);

        /** The current part's content is complete. */
        void partEnded();
    }

    /** The body is not well-formed multipart. */
    static final class MalformedException extends RuntimeException {
        MalformedException(String message) {
            super(message);
        }
    }

    private enum State { PREAMBLE, AFTER_BOUNDARY, HEADERS, CONTENT, EPILOGUE }

    private final Listener listener;
    private final byte[] dashBoundary;
    /** CRLF "--" boundary: what ends a part's content. */
    private final byte[] delimiter;
    private State state = State.PREAMBLE;
    private byte[] carry = new byte[0];

    MultipartParser(String boundary, Listener listener) {
        this.listener = listener;
        this.dashBoundary = ("--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        this.delimiter = ("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
    }

    /** The boundary of a {@code multipart/form-data} Content-Type; null when it is another type or has none. */
    static String boundaryOf(String contentType) {
        if (contentType == null) {
            return null;
        }
        String[] params = contentType.split(";");
        if (!params[0].trim().toLowerCase(Locale.ROOT).equals("multipart/form-data")) {
            return null;
        }
        for (int i = 1; i < params.length; i++) {
            String param = params[i].trim();
            int eq = param.indexOf('=');
            if (eq > 0 && param.substring(0, eq).trim().equalsIgnoreCase("boundary")) {
                String value = unquote(param.substring(eq + 1).trim());
                return value.isEmpty() || value.length() > 70 ? null : value;
            }
        }
        return null;
    }

    /** True once the closing boundary was read (what follows it is ignored). */
    boolean complete() {
        return state == State.EPILOGUE;
    }

    void feed(byte[] chunk) {
        if (state == State.EPILOGUE) {
            return;
        }
        byte[] buf;
        if (carry.length == 0) {
            buf = chunk;
        } else {
            buf = Arrays.copyOf(carry, carry.length + chunk.length);
            System.arraycopy(chunk, 0, buf, carry.length, chunk.length);
        }
        int pos = 0;
        int end = buf.length;
        boolean progress = true;
        while (progress && state != State.EPILOGUE) {
            progress = false;
            switch (state) {
                case PREAMBLE -> {
                    int at = indexOf(buf, pos, end, dashBoundary);
                    if (at >= 0 && (at == 0 || (at >= 2 && buf[at - 2] == '\r' && buf[at - 1] == '\n'))) {
                        pos = at + dashBoundary.length;
                        state = State.AFTER_BOUNDARY;
                        progress = true;
                    } else if (at >= 0) {
                        pos = at + 1;
                        progress = true;
                    } else {
                        pos = Math.max(pos, end - dashBoundary.length - 1); // the preamble is dropped
                    }
                }
                case AFTER_BOUNDARY -> {
                    int p = pos;
                    while (p < end && (buf[p] == ' ' || buf[p] == '\t')) {
                        p++; // transport padding
                    }
                    if (end - p < 2) {
                        break;
                    }
                    if (buf[p] == '-' && buf[p + 1] == '-') {
                        pos = end;
                        state = State.EPILOGUE;
                    } else if (buf[p] == '\r' && buf[p + 1] == '\n') {
                        pos = p + 2;
                        state = State.HEADERS;
                        progress = true;
                    } else {
                        throw new MalformedException("a multipart boundary is followed by neither a line break nor '--'");
                    }
                }
                case HEADERS -> {
                    int headersEnd;
                    int contentStart;
                    if (end - pos >= 2 && buf[pos] == '\r' && buf[pos + 1] == '\n') {
                        headersEnd = pos;
                        contentStart = pos + 2; // a part without headers
                    } else {
                        headersEnd = indexOf(buf, pos, end, HEADER_END);
                        contentStart = headersEnd + HEADER_END.length;
                    }
                    if (headersEnd < 0) {
                        if (end - pos > MAX_HEADER_BYTES) {
                            throw new MalformedException("the headers of a part exceed " + MAX_HEADER_BYTES + " bytes");
                        }
                        break;
                    }
                    startPart(new String(buf, pos, headersEnd - pos, StandardCharsets.UTF_8));
                    pos = contentStart;
                    state = State.CONTENT;
                    progress = true;
                }
                case CONTENT -> {
                    int at = indexOf(buf, pos, end, delimiter);
                    if (at >= 0) {
                        if (at > pos) {
                            listener.content(buf, pos, at - pos);
                        }
                        listener.partEnded();
                        pos = at + delimiter.length;
                        state = State.AFTER_BOUNDARY;
                        progress = true;
                    } else {
                        int safe = Math.max(pos, end - (delimiter.length - 1)); // the rest may start a delimiter
                        if (safe > pos) {
                            listener.content(buf, pos, safe - pos);
                            pos = safe;
                        }
                    }
                }
                case EPILOGUE -> { }
            }
        }
        carry = pos >= end ? new byte[0] : Arrays.copyOfRange(buf, pos, end);
    }

    /** The body ended: it must have ended with the closing boundary. */
    void finish() {
        if (state != State.EPILOGUE) {
            throw new MalformedException(state == State.PREAMBLE
                    ? "the body is not multipart/form-data with the boundary its Content-Type declares"
                    : "the multipart body ends before its closing boundary");
        }
    }

    private void startPart(String headerBlock) {
        String name = null;
        String fileName = null;
        String contentType = null;
        for (String line : headerBlock.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon <= 0) {
                continue;
            }
            String header = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = line.substring(colon + 1).trim();
            if (header.equals("content-type")) {
                contentType = value;
            } else if (header.equals("content-disposition")) {
                for (String param : splitParams(value)) {
                    int eq = param.indexOf('=');
                    if (eq <= 0) {
                        continue;
                    }
                    String key = param.substring(0, eq).trim().toLowerCase(Locale.ROOT);
                    String v = unquote(param.substring(eq + 1).trim());
                    if (key.equals("name")) {
                        name = v;
                    } else if (key.equals("filename")) {
                        fileName = v;
                    }
                }
            }
        }
        if (name == null) {
            throw new MalformedException("a part has no Content-Disposition name");
        }
        listener.partStarted(name, fileName, contentType);
    }

    /** The parameters of a header value, split at semicolons outside quotes. */
    private static java.util.List<String> splitParams(String value) {
        java.util.List<String> out = new java.util.ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"' && (i == 0 || value.charAt(i - 1) != '\\')) {
                quoted = !quoted;
            }
            if (c == ';' && !quoted) {
                out.add(current.toString());
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        out.add(current.toString());
        return out;
    }

    private static String unquote(String value) {
        if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
            return value.substring(1, value.length() - 1).replace("\\\"", "\"").replace("\\\\", "\\");
        }
        return value;
    }

    /** First index of {@code needle} in {@code hay[from, to)}, or -1. */
    static int indexOf(byte[] hay, int from, int to, byte[] needle) {
        byte first = needle[0];
        int last = to - needle.length;
        outer:
        for (int i = from; i <= last; i++) {
            if (hay[i] != first) {
                continue;
            }
            for (int j = 1; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
