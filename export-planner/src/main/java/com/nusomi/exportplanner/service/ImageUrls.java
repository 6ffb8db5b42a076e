package com.nusomi.exportplanner.service;

import com.nusomi.contracts.avro.S3Destination;
import com.nusomi.contracts.avro.SignedUrlDestination;
import com.nusomi.kit.destination.ExportLocation;
import java.nio.charset.StandardCharsets;

/**
 * How shard-writer names frame images in rows, for the size estimate: images are stored once per export next to the
 * shards, so an s3 destination's rows say {@code s3://<bucket>/<prefix>frames/<sha256>.webp} (the prefix normalised by
 * the shared {@link ExportLocation} rule), and a signed_url export's rows carry a presigned https/http URL of the
 * hosted copy.
 */
public final class ImageUrls {
    /**
     * Bytes a presigned image URL adds around {@code frames/<sha256>.webp}: endpoint, bucket and
     * {@code exports/<workspace>/<export>/} before it (~110), the SigV4 query after it (~260).
     */
    static final long SIGNED_URL_EXTRA_BYTES = 370;

    private ImageUrls() {}

    /** Bytes of an image URL of rows written to {@code destination}, besides {@code frames/<sha256>.webp}. */
    public static long prefixBytes(Object destination) {
        if (destination instanceof S3Destination s3) {
            return ("s3://" + s3.getBucket() + "/" + ExportLocation.normalizePrefix(s3.getPrefix()))
                    .getBytes(StandardCharsets.UTF_8).length;
        }
        if (destination instanceof SignedUrlDestination) {
            return SIGNED_URL_EXTRA_BYTES;
        }
        return 0;
    }
}
