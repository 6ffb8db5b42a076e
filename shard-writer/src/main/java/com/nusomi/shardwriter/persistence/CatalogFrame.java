package com.nusomi.shardwriter.persistence;

/** A frame as the catalog holds it; JSON columns are raw JSON text (or null). */
public record CatalogFrame(String id, String sessionId, long tMs, String imageBucket, String imageKey, String imageSha256,
                           String viewportJson, String domJson, String accessibilityTreeJson) {}
