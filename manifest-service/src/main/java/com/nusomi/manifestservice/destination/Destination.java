package com.nusomi.manifestservice.destination;

import java.util.Optional;

/**
 * Where an export's manifest goes, beside its shards. One class per destination kind; {@link Destinations} picks it.
 * Paths in the manifest are relative to the folder holding manifest.json (the destination prefix), so a copied
 * dataset folder stays whole.
 */
public interface Destination {

    /** The manifest's {@code destination} field: {@code s3://bucket/prefix} or {@code signed_url}. */
    String label();

    /** How the manifest lists the shard stored under {@code key}: relative to the manifest's folder. */
    String relativePath(String key);

    /** A time-limited GET URL of the shard under {@code key}, for hosted exports; empty otherwise. */
    Optional<String> fileUrl(String key);

    /** Writes {@code manifest.json} (overwriting an earlier identical attempt) and returns the export's manifest_url. */
    String writeManifest(byte[] json);
}
