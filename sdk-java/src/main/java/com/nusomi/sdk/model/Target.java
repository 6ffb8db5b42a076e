package com.nusomi.sdk.model;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The UI element an action was aimed at, resolved from the accessibility tree or the DOM.
 *
 * @param role     accessibility role (button, textbox …)
 * @param name     accessible name
 * @param selector CSS selector (browser surfaces), or null
 * @param bounds   on-screen box, or null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Target(String role, String name, String selector, Bounds bounds) {
    /** A target known by role and name only. */
    public static Target of(String role, String name) {
        return new Target(role, name, null, null);
    }

    /**
     * An on-screen box.
     *
     * @param x left
     * @param y top
     * @param w width
     * @param h height
     */
    public record Bounds(double x, double y, double w, double h) {}
}
