package com.nusomi.shardwriter.service;

/** A shard object fully written: where it is and what it holds. */
public record WrittenShard(String bucket, String key, long sizeBytes, long rows, long frames, long actions, String sha256) {}
