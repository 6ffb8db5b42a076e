package com.nusomi.manifestservice.persistence;

/** A shard result as first received (row of {@code manifest.export_shards}). */
public record ShardRecord(int shardIndex, boolean ok, String bucket, String path, long sizeBytes, long rows, long frames,
                          long actions, String sha256, String error) {}
