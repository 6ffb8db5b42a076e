package com.nusomi.shardwriter.destination;

/**
 * Where an export's objects go. One class per destination kind the API names; {@link Destinations} picks it.
 * Names passed in are relative to the export's location (the destination prefix).
 */
public interface Destination {

    /** Bucket (or container) the objects land in, as reported in the shard result. */
    String bucket();

    /** Full key of {@code name} inside {@link #bucket()}. */
    String key(String name);

    /** How a dataset row refers to a frame image copied into this destination. */
    String imageUrl(FrameImage image);

    /** Copies {@code image} from the installation's store into the destination unless it is already there. */
    void ensureImage(FrameImage image);

    /** Starts writing the object {@code name}; nothing is visible until the upload completes. */
    ObjectUpload upload(String name, String contentType);
}
