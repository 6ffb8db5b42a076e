package com.nusomi.exportplanner.service;

import com.nusomi.contracts.avro.S3Destination;
import java.nio.charset.StandardCharsets;

/**
 * How shard-writer names frame images in rows, for the size estimate: images are copied next to the shards, so an s3
 * destination's rows say {@code s3://<bucket>/<prefix>frames/<sha256>.webp}, and a signed_url export's rows say
 * {@code frames/<sha256>.webp} (relative to the export). The prefix is normalised as the writer does.
 */
public final class ImageUrls {
    private ImageUrls() {}

    /** Bytes before {@code frames/<sha256>.webp} in an image URL of rows written to {@code destination}. */
    public static long prefixBytes(Object destination) {
        if (destination instanceof S3Destination s3) {
            return ("s3://" + s3.getBucket() + "/" + normalizePrefix(s3.getPrefix())).getBytes(StandardCharsets.UTF_8).length;
        }
        return 0;
    }

    /** No leading slash, a trailing slash unless empty ("v1" → "v1/"): the rule shard-writer and manifest-service use. */
    static String normalizePrefix(String prefix) {
        if (prefix == null) {
            return "";
        }
        String p = prefix.strip();
        while (p.startsWith("/")) {
            p = p.substring(1);
        }
        return p.isEmpty() || p.endsWith("/") ? p : p + "/";
    }
}
