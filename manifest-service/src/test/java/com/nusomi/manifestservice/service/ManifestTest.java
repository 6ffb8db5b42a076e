package com.nusomi.manifestservice.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.nusomi.kit.destination.Destination;
import com.nusomi.kit.destination.ObjectUpload;
import com.nusomi.manifestservice.persistence.PlannedDestination;
import com.nusomi.manifestservice.persistence.PlannedExport;
import com.nusomi.manifestservice.persistence.ShardRecord;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ManifestTest {
    private static final Destination S3 = new Destination() {
        @Override
        public String label() {
            return "s3://my-training-bucket/nusomi/process_invoice/v1/";
        }

        @Override
        public String relativePath(String key) {
            return key.substring("nusomi/process_invoice/v1/".length());
        }

        @Override
        public Optional<String> fileUrl(String key) {
            return Optional.empty();
        }

        @Override
        public String bucket() {
            return "my-training-bucket";
        }

        @Override
        public String key(String name) {
            return "nusomi/process_invoice/v1/" + name;
        }

        @Override
        public String url(String name) {
            return "s3://my-training-bucket/" + key(name);
        }

        @Override
        public boolean exists(String name) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void put(String name, byte[] bytes, String contentType) {
            throw new UnsupportedOperationException();
        }

        @Override
        public ObjectUpload upload(String name, String contentType) {
            throw new UnsupportedOperationException();
        }
    };

    @Test
    void hasTheSpecFieldsInOrderAndFilesInShardOrder() {
        var export = new PlannedExport("exp_01", "wsp_01", List.of("process_invoice"), "jsonl", "process_invoice@v1",
                268_435_456L, new PlannedDestination.S3("my-training-bucket", "nusomi/process_invoice/v1/", "us-east-1",
                "http://127.0.0.1:9000", null), "{\"outcome\":\"success\"}", 3, 2, 2, 3,
                Instant.parse("2026-05-07T14:08:11.123456Z"), PlannedExport.ExportState.running, 0);
        var shards = List.of(
                new ShardRecord(0, true, "my-training-bucket", "nusomi/process_invoice/v1/shard-000000.jsonl", 100, 2, 1, 2, "aa", null),
                new ShardRecord(1, true, "my-training-bucket", "nusomi/process_invoice/v1/shard-000001.jsonl", 50, 1, 1, 1, "bb", null));

        String json = new String(Manifest.of(export, shards, S3).toJson(), StandardCharsets.UTF_8);

        assertEquals("""
                {
                  "export_id" : "exp_01",
                  "workflow" : "process_invoice",
                  "format" : "jsonl",
                  "tag" : "process_invoice@v1",
                  "rows" : 3,
                  "shards" : 2,
                  "shard_size_bytes" : 268435456,
                  "frames" : 2,
                  "actions" : 3,
                  "filter_summary" : {
                    "outcome" : "success"
                  },
                  "destination" : "s3://my-training-bucket/nusomi/process_invoice/v1/",
                  "created_at" : "2026-05-07T14:08:11.123Z",
                  "files" : [ {
                    "path" : "shard-000000.jsonl",
                    "size_bytes" : 100,
                    "rows" : 2,
                    "sha256" : "aa"
                  }, {
                    "path" : "shard-000001.jsonl",
                    "size_bytes" : 50,
                    "rows" : 1,
                    "sha256" : "bb"
                  } ]
                }
                """, json);
    }
}
