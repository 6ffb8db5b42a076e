package com.nusomi.exportplanner.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nusomi.contracts.avro.Outcome;
import com.nusomi.contracts.avro.S3Destination;
import com.nusomi.contracts.avro.SignedUrlDestination;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The estimate equals the bytes of the SPEC §6 JSONL row a compact writer produces from the same documents. */
class RowSizeEstimatorTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SESSION = "ses_01HXY0000000000000000000AB";
    private static final String SHA256 = "3f1a9c".repeat(10) + "abcd";
    private static final S3Destination DESTINATION =
            S3Destination.newBuilder().setBucket("training").setPrefix("/nusomi/v1").build();
    private static final String VIEWPORT = "{\"h\":900,\"w\":1440,\"scale\":2.0}";
    private static final String DOM = "{\"tag\":\"body\",\"children\":[{\"tag\":\"button\",\"text\":\"Approve – ok\"}]}";
    private static final String AX = "{\"role\":\"WebArea\",\"children\":[{\"name\":\"Approve\",\"role\":\"button\"}]}";
    private static final String CLICK = "{\"x\":612,\"y\":388,\"target\":{\"name\":\"Approve\",\"role\":\"button\"},\"modifiers\":[]}";
    private static final String INPUT = "{\"field\":\"amount\",\"value\":\"[masked]\",\"target\":null}";

    private final RowSizeEstimator estimator = new RowSizeEstimator(0, ImageUrls.prefixBytes(DESTINATION));

    @Test
    void matchesAFullRow() throws IOException {
        long estimate = estimator.rowBytes(SESSION, 12480,
                RowSizeEstimator.frameBytes(estimator.imageUrlBytes(utf8(SHA256)), utf8(VIEWPORT), utf8(DOM), utf8(AX)),
                RowSizeEstimator.actionBytes("click", utf8(CLICK)),
                "process_invoice",
                RowSizeEstimator.actionBytes("input_text", utf8(INPUT)),
                Outcome.success);

        String line = jsonlRow(SESSION, 12480, Map.of("image_url", "s3://training/nusomi/v1/frames/" + SHA256 + ".webp"), "click", CLICK,
                "process_invoice", "input_text", INPUT, "success");
        assertEquals(utf8(line), estimate, line);
    }

    @Test
    void matchesARowWithNullsAndAnEmptyPayload() throws IOException {
        long estimate = estimator.rowBytes(SESSION, 0,
                RowSizeEstimator.NULL_BYTES,
                RowSizeEstimator.actionBytes("success", utf8("{}")),
                "ab",
                RowSizeEstimator.NULL_BYTES,
                null);

        String line = jsonlRow(SESSION, 0, null, "success", "{}", "ab", null, null, null);
        assertEquals(utf8(line), estimate, line);
    }

    @Test
    void signedUrlRowsNameImagesWithPresignedUrls() {
        var hosted = new RowSizeEstimator(0, ImageUrls.prefixBytes(new SignedUrlDestination(null)));

        assertEquals(ImageUrls.SIGNED_URL_EXTRA_BYTES + utf8("frames/" + SHA256 + ".webp"), hosted.imageUrlBytes(utf8(SHA256)));
    }

    @Test
    void addsTheConfiguredOverheadToEveryRow() {
        long plain = estimator.rowBytes(SESSION, 1, 4, 4, "ab", 4, null);
        long padded = new RowSizeEstimator(100, 0).rowBytes(SESSION, 1, 4, 4, "ab", 4, null);

        assertEquals(plain + 100, padded);
    }

    /** A compact writer's row: documents embedded as they are, the action = "type" followed by the payload members. */
    private static String jsonlRow(String sessionId, long tMs, Map<String, String> frame, String type, String payload,
                                   String workflow, String priorType, String priorPayload, String outcome) throws IOException {
        var out = new ByteArrayOutputStream();
        try (JsonGenerator g = JSON.getFactory().createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("session_id", sessionId);
            g.writeNumberField("t_ms", tMs);
            g.writeFieldName("frame");
            if (frame == null) {
                g.writeNull();
            } else {
                g.writeStartObject();
                g.writeStringField("image_url", frame.get("image_url"));
                g.writeFieldName("viewport");
                g.writeRawValue(VIEWPORT);
                g.writeFieldName("dom");
                g.writeRawValue(DOM);
                g.writeFieldName("accessibility_tree");
                g.writeRawValue(AX);
                g.writeEndObject();
            }
            g.writeFieldName("action");
            g.writeTree(action(type, payload));
            g.writeFieldName("context");
            g.writeStartObject();
            g.writeStringField("workflow", workflow);
            g.writeFieldName("prior_action");
            if (priorType == null) {
                g.writeNull();
            } else {
                g.writeTree(action(priorType, priorPayload));
            }
            g.writeStringField("outcome", outcome);
            g.writeEndObject();
            g.writeEndObject();
        }
        return out.toString(StandardCharsets.UTF_8) + "\n";
    }

    private static ObjectNode action(String type, String payload) throws IOException {
        var action = JSON.createObjectNode().put("type", type);
        action.setAll((ObjectNode) JSON.readTree(payload));
        return action;
    }

    private static long utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }
}
