package com.nusomi.captureingest.service;

import java.util.List;

/** A whole, validated upload: the frames of one request, in request order (strictly rising t_ms). */
public record FrameBatch(String sessionId, String workspaceId, List<IncomingFrame> frames) {
    public FrameBatch {
        frames = List.copyOf(frames);
    }
}
