package com.nusomi.captureingest.rest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nusomi.contracts.avro.AppInfo;
import com.nusomi.contracts.avro.Cursor;
import com.nusomi.contracts.avro.Viewport;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import java.util.List;

/**
 * The {@code metadata} part of a frame upload (SPEC §4 "Frame upload"), bound by Jackson (names in snake case,
 * unknown fields ignored, no silent coercion: see {@link MetadataBinding}) and checked by Bean Validation. Rules that
 * need the configuration or the whole list (at most 50 frames, rising {@code t_ms}, part names) are
 * {@link FrameUploadReader}'s.
 */
public record UploadMetadata(@NotNull(message = "is required") @NotEmpty(message = "must hold at least one frame")
                             List<@NotNull(message = "must be a frame object") @Valid Frame> frames) {

    /** One frame; {@code dom} and {@code accessibility_tree} are free-form JSON objects or null. */
    public record Frame(@NotNull(message = "is required") @PositiveOrZero(message = "must be an integer >= 0 (milliseconds since session start)") Long tMs,
                        @NotNull(message = "must name the part that carries this frame's WebP bytes") String image,
                        @Valid ViewportJson viewport,
                        ObjectNode dom,
                        ObjectNode accessibilityTree,
                        @Valid AppJson app,
                        @Valid CursorJson cursor) {}

    /** {@code {w, h, scale}}; scale defaults to 1.0. */
    public record ViewportJson(@NotNull(message = "is required") @Positive(message = "must be an integer > 0") Integer w,
                               @NotNull(message = "is required") @Positive(message = "must be an integer > 0") Integer h,
                               @Positive(message = "must be a number > 0") Double scale) {
        Viewport toAvro() {
            return new Viewport(w, h, scale == null ? 1.0 : scale);
        }
    }

    public record AppJson(String bundleId, String name, String version) {
        AppInfo toAvro() {
            return new AppInfo(bundleId, name, version);
        }
    }

    public record CursorJson(@NotNull(message = "is required") Integer x, @NotNull(message = "is required") Integer y) {
        Cursor toAvro() {
            return new Cursor(x, y);
        }
    }
}
