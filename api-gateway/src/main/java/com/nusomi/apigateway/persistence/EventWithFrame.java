package com.nusomi.apigateway.persistence;

/** An event with the frame it is anchored to ({@code include=frame}); the frame is null only if it is gone. */
public record EventWithFrame(EventRow event, FrameRow frame) {}
