package com.nusomi.exportplanner.service;

import com.nusomi.contracts.avro.ExportFormat;

/** Names of shard objects, relative to the destination prefix: {@code shard-000000.<ext>}. */
public final class ShardObjectNames {
    private ShardObjectNames() {}

    public static String of(ExportFormat format, int shardIndex) {
        return "shard-%06d.%s".formatted(shardIndex, extension(format));
    }

    public static String extension(ExportFormat format) {
        return switch (format) {
            case jsonl -> "jsonl";
            case parquet -> "parquet";
            case webdataset -> "tar";
            case arrow -> "arrow";
        };
    }
}
