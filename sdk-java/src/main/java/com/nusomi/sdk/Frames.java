package com.nusomi.sdk;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nusomi.sdk.internal.Json;
import com.nusomi.sdk.model.Frame;
import com.nusomi.sdk.model.FrameUpload;
import com.nusomi.sdk.model.UploadedFrame;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** {@code nusomi.frames()}: upload screen captures and read them back. */
public final class Frames {
    /** Most frames one upload request may carry (SPEC §4 "Frame upload"). */
    public static final int MAX_FRAMES_PER_UPLOAD = 50;

    private final HttpTransport http;

    Frames(HttpTransport http) {
        this.http = http;
    }

    public Frame get(String frameId) {
        return http.json(HttpTransport.Call.get("/v1/frames/" + HttpTransport.encode(frameId)), Frame.class);
    }

    /** The frame's WebP bytes. */
    public byte[] image(String frameId) {
        HttpTransport.Call call = HttpTransport.Call.get("/v1/frames/" + HttpTransport.encode(frameId) + "/image")
                .withHeader("Accept", "image/webp");
        HttpResponse<InputStream> response = http.send(call, true);
        try (InputStream in = response.body()) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new NusomiException(NusomiException.CONNECTION_ERROR, "reading the image of " + frameId + " failed: "
                    + e.getMessage(), response.statusCode(), null, HttpTransport.requestId(response), null, e);
        }
    }

    /** The session's frames in time order, paged lazily (100 a page). */
    public ListResult<Frame> list(String sessionId) {
        return list(sessionId, ListOptions.DEFAULT);
    }

    public ListResult<Frame> list(String sessionId, ListOptions paging) {
        return http.list("/v1/sessions/" + HttpTransport.encode(sessionId) + "/frames", Map.of(), paging, Frame.class);
    }

    /**
     * Uploads 1 to 50 frames as one multipart request: a {@code metadata} JSON part and one {@code image/webp} part per
     * frame. {@code tMs} must rise within the session; re-sending a stored frame answers it again, so retries are safe.
     */
    public List<UploadedFrame> upload(String sessionId, List<FrameUpload> frames) {
        if (frames.isEmpty() || frames.size() > MAX_FRAMES_PER_UPLOAD) {
            throw new NusomiException("invalid_request", "an upload carries 1 to " + MAX_FRAMES_PER_UPLOAD
                    + " frames, not " + frames.size(), 0, "frames", null, null, null);
        }
        String boundary = "nusomi-" + UUID.randomUUID();
        ObjectNode metadata = Json.MAPPER.createObjectNode();
        ArrayNode list = metadata.putArray("frames");
        for (int i = 0; i < frames.size(); i++) {
            FrameUpload f = frames.get(i);
            ObjectNode m = list.addObject();
            m.put("t_ms", f.tMs());
            m.put("image", "f" + i);
            m.set("viewport", Json.MAPPER.valueToTree(f.viewport()));
            m.set("dom", f.dom());
            m.set("accessibility_tree", f.accessibilityTree());
            m.set("app", f.app() == null ? null : Json.MAPPER.valueToTree(f.app()));
            m.set("cursor", f.cursor() == null ? null : Json.MAPPER.valueToTree(f.cursor()));
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        try {
            part(body, boundary, "metadata", "metadata.json", "application/json", Json.MAPPER.writeValueAsBytes(metadata));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
        for (int i = 0; i < frames.size(); i++) {
            part(body, boundary, "f" + i, "f" + i + ".webp", "image/webp", frames.get(i).webp());
        }
        body.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        JsonNode answer = http.json(HttpTransport.Call.post("/v1/sessions/" + HttpTransport.encode(sessionId) + "/frames",
                new HttpTransport.Multipart("multipart/form-data; boundary=" + boundary, body.toByteArray())),
                JsonNode.class);
        try {
            return Json.MAPPER.readerForListOf(UploadedFrame.class).readValue(answer.path("data"));
        } catch (IOException e) {
            throw new NusomiException(NusomiException.INVALID_RESPONSE, "the upload's answer does not read: "
                    + e.getMessage(), 201, null, null, null, e);
        }
    }

    private static void part(ByteArrayOutputStream out, String boundary, String name, String filename, String type,
                             byte[] content) {
        String header = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"; filename=\""
                + filename + "\"\r\nContent-Type: " + type + "\r\n\r\n";
        out.writeBytes(header.getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(content);
        out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
    }
}
