package com.nusomi.shardwriter.persistence;

/** An event as the catalog holds it; the payload is its stored SPEC §2 JSON text. */
public record CatalogEvent(String id, String sessionId, String frameId, long tMs, String type, String payloadJson) {}
