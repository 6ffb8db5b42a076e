package com.nusomi.exportplanner.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.nusomi.contracts.avro.ExportFormat;
import org.junit.jupiter.api.Test;

class ShardObjectNamesTest {

    @Test
    void namesShardsBySixDigitIndexAndFormatExtension() {
        assertEquals("shard-000000.jsonl", ShardObjectNames.of(ExportFormat.jsonl, 0));
        assertEquals("shard-000042.parquet", ShardObjectNames.of(ExportFormat.parquet, 42));
        assertEquals("shard-000007.tar", ShardObjectNames.of(ExportFormat.webdataset, 7));
        assertEquals("shard-123456.arrow", ShardObjectNames.of(ExportFormat.arrow, 123456));
    }
}
