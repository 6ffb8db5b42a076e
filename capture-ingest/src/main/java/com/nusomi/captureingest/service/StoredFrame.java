package com.nusomi.captureingest.service;

/** A frame the ingest holds: what the upload answers for each frame. */
public record StoredFrame(String frameId, long tMs, boolean keyframe) {}
