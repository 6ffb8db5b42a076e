package com.nusomi.sdk.model;

/**
 * A screen position (the cursor of a frame).
 *
 * @param x from the left
 * @param y from the top
 */
public record Point(double x, double y) {}
