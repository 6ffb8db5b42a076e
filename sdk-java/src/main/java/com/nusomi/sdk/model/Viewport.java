package com.nusomi.sdk.model;

/**
 * Screen size of a frame.
 *
 * @param w     width in pixels
 * @param h     height in pixels
 * @param scale device pixel ratio
 */
public record Viewport(int w, int h, double scale) {}
