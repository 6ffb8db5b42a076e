package com.nusomi.shardwriter.destination;

import com.nusomi.kit.destination.ExportLocation;

/** A frame image in the installation's object store (content-addressed by SHA-256). */
public record FrameImage(String bucket, String key, String sha256) {

    /** Name of the image inside an export, relative to the export's location: stored once per export. */
    public String exportName() {
        return ExportLocation.frameImageName(sha256);
    }
}
