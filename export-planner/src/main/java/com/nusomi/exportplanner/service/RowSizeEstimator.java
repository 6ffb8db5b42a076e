package com.nusomi.exportplanner.service;

import com.nusomi.contracts.avro.ExportFormat;
import com.nusomi.contracts.avro.Outcome;
import java.nio.charset.StandardCharsets;

/**
 * Estimates the bytes one row takes in a JSONL shard (SPEC §6 row shape, compact JSON, one line per row):
 * <pre>
 * {"session_id":"…","t_ms":N,"frame":{"image_url":"…","viewport":V,"dom":D,"accessibility_tree":A},
 *  "action":{"type":"…",…payload}|null,"context":{"workflow":"…","prior_action":{…}|null,"outcome":"…"|null}}\n
 * </pre>
 * The JSON documents (viewport, dom, accessibility tree, payloads) are measured in the catalog as
 * {@code octet_length(x::text)}, so nothing large leaves the database for planning. PostgreSQL prints jsonb with a
 * space after each {@code :} and {@code ,}; shard-writer re-serialises compactly and writes slightly fewer bytes, so
 * the estimate errs on the large side. Image URLs are the writer's: {@code s3://<bucket>/<prefix>frames/<sha256>.webp}
 * for s3, {@code frames/<sha256>.webp} for signed_url.
 * <p>
 * Other formats are estimated from that line ({@link #inShard}): webdataset holds per row three tar members (the
 * frame's WebP, the action JSON and the row JSON), each a 512-byte header plus its content padded to 512 bytes;
 * parquet and arrow hold the same values in columns, so the JSONL line is their (uncompressed) estimate and their
 * shards come out under the target.
 */
public final class RowSizeEstimator {
    /** The row without its variable parts: every key, quote, brace, colon and comma, plus the newline. */
    static final String ROW_SKELETON =
            "{\"session_id\":\"\",\"t_ms\":,\"frame\":,\"action\":,\"context\":{\"workflow\":\"\",\"prior_action\":,\"outcome\":}}\n";
    /** The frame object without its variable parts. */
    static final String FRAME_SKELETON = "{\"image_url\":\"\",\"viewport\":,\"dom\":,\"accessibility_tree\":}";
    /** The writer names a frame image {@code frames/<sha256>.webp} under the export's location. */
    static final int IMAGE_NAME_FIXED = "frames/.webp".length();
    /** {@code {"type":"<type>"}} without the type name. */
    static final int ACTION_FIXED = "{\"type\":\"\"}".length();
    /** JSON {@code null}. */
    public static final long NULL_BYTES = 4;

    /** A tar member's header; contents are padded to a multiple of it. */
    static final long TAR_BLOCK = 512;

    private final long overheadPerRow;
    private final long imageUrlPrefixBytes;
    private final ExportFormat format;

    /**
     * @param overheadPerRow      bytes added to every estimate (configuration: {@code row-overhead-bytes})
     * @param imageUrlPrefixBytes bytes before {@code frames/<sha256>.webp} in an image URL ({@link ImageUrls})
     */
    public RowSizeEstimator(long overheadPerRow, long imageUrlPrefixBytes) {
        this(overheadPerRow, imageUrlPrefixBytes, ExportFormat.jsonl);
    }

    public RowSizeEstimator(long overheadPerRow, long imageUrlPrefixBytes, ExportFormat format) {
        this.overheadPerRow = overheadPerRow;
        this.imageUrlPrefixBytes = imageUrlPrefixBytes;
        this.format = format;
    }

    /**
     * The bytes a row takes in a shard of this estimator's format.
     *
     * @param lineBytes   from {@link #rowBytes}
     * @param actionBytes from {@link #actionBytes}, or {@link #NULL_BYTES} without an event
     * @param imageBytes  the frame's WebP size, 0 without a frame
     */
    public long inShard(long lineBytes, long actionBytes, long imageBytes) {
        if (format != ExportFormat.webdataset) {
            return lineBytes;
        }
        long members = imageBytes > 0 ? 3 : 2;
        return members * TAR_BLOCK + padded(imageBytes) + padded(actionBytes) + padded(lineBytes);
    }

    private static long padded(long bytes) {
        return (bytes + TAR_BLOCK - 1) / TAR_BLOCK * TAR_BLOCK;
    }

    /** @param sha256Bytes length of the image's hex SHA-256 (64) */
    public long imageUrlBytes(long sha256Bytes) {
        return imageUrlPrefixBytes + IMAGE_NAME_FIXED + sha256Bytes;
    }

    /**
     * @param frameBytes       from {@link #frameBytes}, or {@link #NULL_BYTES} when the row has no frame
     * @param actionBytes      from {@link #actionBytes}, or {@link #NULL_BYTES} when the row has no event
     * @param priorActionBytes the previous event's {@link #actionBytes}, or {@link #NULL_BYTES} for the first
     */
    public long rowBytes(String sessionId, long tMs, long frameBytes, long actionBytes, String workflow,
                         long priorActionBytes, Outcome outcome) {
        return ROW_SKELETON.length()
                + utf8Length(sessionId)
                + Long.toString(tMs).length()
                + frameBytes
                + actionBytes
                + utf8Length(workflow)
                + priorActionBytes
                + (outcome == null ? NULL_BYTES : utf8Length(outcome.name()) + 2)
                + overheadPerRow;
    }

    /**
     * An action is the payload object with {@code "type"} merged in front: {@code {"type":"click","x": 1, …}}.
     *
     * @param payloadBytes {@code octet_length(payload::text)} of the event's payload object
     */
    public static long actionBytes(String type, long payloadBytes) {
        long typed = ACTION_FIXED + utf8Length(type);
        // an empty payload "{}" adds nothing; otherwise its members (payload minus braces) plus one comma
        return payloadBytes <= 2 ? typed : typed + (payloadBytes - 2) + 1;
    }

    /**
     * @param imageUrlBytes from {@link #imageUrlBytes}
     * @param viewportBytes {@code octet_length(viewport::text)}, or {@link #NULL_BYTES} when null
     */
    public static long frameBytes(long imageUrlBytes, long viewportBytes, long domBytes, long accessibilityTreeBytes) {
        return FRAME_SKELETON.length() + imageUrlBytes + viewportBytes + domBytes + accessibilityTreeBytes;
    }

    private static int utf8Length(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }
}
