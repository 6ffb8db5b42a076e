package com.nusomi.shardwriter.format;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class JsonlShardFormatTest {
    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    @Test
    void writesOneCompactRowPerLineInSpecOrder() throws IOException {
        var row = new ShardRow("ses_1", 12480,
                new ShardRow.Frame("s3://b/p/frames/ab.webp", "ab", tree("{\"w\":1440,\"h\":900}"), null, tree("\"...\"")),
                new ShardRow.Action("click", (ObjectNode) tree("{\"target\":{\"role\":\"button\",\"name\":\"Approve\"},\"x\":612,\"y\":388}")),
                new ShardRow.Context("process_invoice",
                        new ShardRow.Action("input_text", (ObjectNode) tree("{\"field\":\"amount\",\"value\":\"[masked]\"}")),
                        "success"));

        assertEquals("{\"session_id\":\"ses_1\",\"t_ms\":12480,"
                + "\"frame\":{\"image_url\":\"s3://b/p/frames/ab.webp\",\"viewport\":{\"w\":1440,\"h\":900},\"dom\":null,\"accessibility_tree\":\"...\"},"
                + "\"action\":{\"type\":\"click\",\"target\":{\"role\":\"button\",\"name\":\"Approve\"},\"x\":612,\"y\":388},"
                + "\"context\":{\"workflow\":\"process_invoice\",\"prior_action\":{\"type\":\"input_text\",\"field\":\"amount\",\"value\":\"[masked]\"},\"outcome\":\"success\"}}\n",
                render(row));
    }

    @Test
    void writesNullsForAFrameWithoutEventAndAnUnsealedOutcome() throws IOException {
        var row = new ShardRow("ses_1", 5, null, null, new ShardRow.Context("wf", null, null));

        assertEquals("{\"session_id\":\"ses_1\",\"t_ms\":5,\"frame\":null,\"action\":null,"
                + "\"context\":{\"workflow\":\"wf\",\"prior_action\":null,\"outcome\":null}}\n", render(row));
    }

    @Test
    void sameRowsGiveSameBytes() throws IOException {
        var row = new ShardRow("ses_1", 5, null,
                new ShardRow.Action("wait", (ObjectNode) tree("{\"duration_ms\":1500,\"reason\":\"spinner\",\"f\":0.10}")),
                new ShardRow.Context("wf", null, "error"));

        assertArrayEquals(render(row, row).getBytes(StandardCharsets.UTF_8), render(row, row).getBytes(StandardCharsets.UTF_8));
        assertTrue(render(row).contains("\"duration_ms\":1500,\"reason\":\"spinner\",\"f\":0.1"));
    }

    private static String render(ShardRow... rows) throws IOException {
        var out = new ByteArrayOutputStream();
        try (var sink = new JsonlShardFormat().open(out)) {
            for (ShardRow row : rows) {
                sink.write(row);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static com.fasterxml.jackson.databind.JsonNode tree(String json) throws IOException {
        return JSON.readTree(json);
    }
}
