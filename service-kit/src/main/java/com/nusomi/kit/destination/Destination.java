package com.nusomi.kit.destination;

import java.util.Optional;

/**
 * Where an export's objects go (shards, frame images, manifest). One class per destination kind the API names;
 * {@link Destinations} picks it. Names are relative to the export's location (the destination prefix). Every failure
 * surfaces as {@link DestinationException} naming the destination.
 */
public interface Destination {

    /** The manifest's {@code destination} field, e.g. {@code s3://bucket/prefix/} or {@code signed_url}. */
    String label();

    /** Bucket (or container) the objects land in, as reported in a shard result. */
    String bucket();

    /** Full key of {@code name} inside {@link #bucket()}. */
    String key(String name);

    /** How a reader of this destination fetches {@code name}: {@code s3://}, {@code gs://}, https or a signed URL. */
    String url(String name);

    /** {@code key} as the manifest lists it: relative to the manifest's folder. */
    default String relativePath(String key) {
        return ExportLocation.relative(key(""), key);
    }

    /** A time-limited GET URL of the object under {@code key}, for hosted exports; empty otherwise. */
    default Optional<String> fileUrl(String key) {
        return Optional.empty();
    }

    boolean exists(String name);

    /** Writes a small object in one request, replacing any object of that name. */
    void put(String name, byte[] bytes, String contentType);

    /**
     * Stores a copy of the installation store's object {@code sourceBucket/sourceKey} as {@code name} inside the store
     * (no bytes through this service) when this destination lives in the installation's store under its credentials.
     *
     * @return false when it does not (the caller copies the bytes)
     */
    default boolean copyFromInstallationStore(String sourceBucket, String sourceKey, String name, String contentType) {
        return false;
    }

    /** Starts streaming the object {@code name}; nothing is visible until {@link ObjectUpload#complete()}. */
    ObjectUpload upload(String name, String contentType);

    /** Writes {@code manifest.json} (replacing an earlier attempt) and returns the export's manifest_url. */
    default String writeManifest(byte[] json) {
        put(ExportLocation.MANIFEST_NAME, json, "application/json");
        return url(ExportLocation.MANIFEST_NAME);
    }
}
