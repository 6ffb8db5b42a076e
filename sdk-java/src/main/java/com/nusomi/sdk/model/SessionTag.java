package com.nusomi.sdk.model;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A user-supplied tag on a session.
 *
 * @param name tag name
 * @param data any JSON value, or null
 * @param tMs  session time the tag was set at
 */
public record SessionTag(String name, JsonNode data, long tMs) {}
