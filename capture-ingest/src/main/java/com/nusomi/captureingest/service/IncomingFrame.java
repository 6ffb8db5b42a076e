package com.nusomi.captureingest.service;

import com.nusomi.captureingest.image.WebpHeader;
import com.nusomi.contracts.avro.AppInfo;
import com.nusomi.contracts.avro.Cursor;
import com.nusomi.contracts.avro.Viewport;

/**
 * One frame of an upload, as the client described it, with its image read and checked.
 *
 * @param index                 position in the request's {@code frames} array (names the {@code param} of errors)
 * @param part                  name of the multipart part that carried the image
 * @param domJson               DOM snapshot as JSON text, or null
 * @param accessibilityTreeJson accessibility tree as JSON text, or null
 */
public record IncomingFrame(int index, long tMs, String part, byte[] image, WebpHeader.Info imageInfo,
                            Viewport viewport, String domJson, String accessibilityTreeJson, AppInfo app, Cursor cursor) {

    /** The same frame with another image (and its header) and snapshots, e.g. after masking. */
    public IncomingFrame with(byte[] newImage, WebpHeader.Info newInfo, String newDomJson, String newAccessibilityTreeJson) {
        return new IncomingFrame(index, tMs, part, newImage, newInfo, viewport, newDomJson, newAccessibilityTreeJson, app, cursor);
    }
}
