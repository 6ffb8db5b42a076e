package com.nusomi.sdk.model;

/**
 * What the server answers per uploaded frame, in request order.
 *
 * @param id       {@code frm_…}
 * @param tMs      its time
 * @param keyframe whether it is a keyframe
 */
public record UploadedFrame(String id, long tMs, boolean keyframe) {}
