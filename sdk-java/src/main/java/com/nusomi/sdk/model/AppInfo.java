package com.nusomi.sdk.model;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The foreground application of a frame.
 *
 * @param bundleId bundle or executable id
 * @param name     display name
 * @param version  version string
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AppInfo(String bundleId, String name, String version) {}
