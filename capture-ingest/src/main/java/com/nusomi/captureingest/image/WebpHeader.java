package com.nusomi.captureingest.image;

import java.nio.charset.StandardCharsets;

/**
 * Reads what a frame needs from a WebP container without decoding pixels: that it is a WebP still image, its
 * bitstream (lossy VP8, lossless VP8L, or either inside the extended VP8X layout) and its width and height.
 *
 * <p>Follows the container and header rules of RFC 9649 ("WebP Image Format") the way libwebp's
 * {@code WebPGetFeatures} applies them:
 * <ul>
 *   <li>{@code RIFF <size> WEBP}; the declared RIFF size must be the exact length of the data (a truncated or
 *       padded upload is refused), every chunk must fit inside it;</li>
 *   <li>{@code VP8 } (lossy): a shown key frame (frame tag bit 0 clear, bit 4 set, profile &le; 3), the first
 *       partition inside the chunk, start code {@code 9d 01 2a}, 14-bit width and height (the two upper scaling
 *       bits are ignored as libwebp does);</li>
 *   <li>{@code VP8L} (lossless): signature {@code 0x2f}, 14-bit width-1 and height-1, version 0;</li>
 *   <li>{@code VP8X} (extended): a 10-byte header with 24-bit canvas width-1 and height-1, no animation flag
 *       (a frame is one still image), and a {@code VP8 } or {@code VP8L} chunk further on whose own size
 *       equals the canvas.</li>
 * </ul>
 */
public final class WebpHeader {
    private static final int RIFF_HEADER_SIZE = 12;
    private static final int CHUNK_HEADER_SIZE = 8;
    private static final int VP8X_SIZE = 10;
    private static final int VP8_MIN_SIZE = 10;
    private static final int VP8L_MIN_SIZE = 5;
    private static final int VP8L_SIGNATURE = 0x2f;
    private static final int VP8X_ANIMATION_FLAG = 0x02;
    private static final int VP8X_ALPHA_FLAG = 0x10;

    private WebpHeader() {}

    /** The bitstream that carries the pixels. */
    public enum Format { LOSSY, LOSSLESS }

    /** What the header says about an image; {@code extended} when it uses the VP8X layout. */
    public record Info(Format format, int width, int height, boolean alpha, boolean extended) {}

    /** Reads {@code data} as a WebP still image; throws {@link NotWebpException} saying why it is not one. */
    public static Info read(byte[] data) {
        if (data.length < RIFF_HEADER_SIZE + CHUNK_HEADER_SIZE) {
            throw new NotWebpException("is too short to be a WebP image (" + data.length + " bytes)");
        }
        if (!fourCc(data, 0).equals("RIFF") || !fourCc(data, 8).equals("WEBP")) {
            throw new NotWebpException("is not a WebP image (no RIFF/WEBP header)");
        }
        long riffSize = u32(data, 4);
        if (riffSize + CHUNK_HEADER_SIZE != data.length) {
            throw new NotWebpException("declares " + (riffSize + CHUNK_HEADER_SIZE) + " bytes in its RIFF header but has "
                    + data.length + " (truncated or padded)");
        }
        Chunk first = chunkAt(data, RIFF_HEADER_SIZE);
        return switch (first.fourCc()) {
            case "VP8 " -> vp8(data, first, false, false);
            case "VP8L" -> vp8l(data, first, false);
            case "VP8X" -> vp8x(data, first);
            default -> throw new NotWebpException("starts with chunk '" + printable(first.fourCc())
                    + "', not VP8, VP8L or VP8X");
        };
    }

    private static Info vp8x(byte[] data, Chunk header) {
        if (header.size() != VP8X_SIZE) {
            throw new NotWebpException("has a VP8X header of " + header.size() + " bytes instead of " + VP8X_SIZE);
        }
        int flags = data[header.payload()] & 0xff;
        if ((flags & VP8X_ANIMATION_FLAG) != 0) {
            throw new NotWebpException("is an animated WebP; a frame is one still image");
        }
        int canvasWidth = u24(data, header.payload() + 4) + 1;
        int canvasHeight = u24(data, header.payload() + 7) + 1;
        boolean alpha = (flags & VP8X_ALPHA_FLAG) != 0;
        int offset = header.next();
        while (offset < data.length) {
            Chunk chunk = chunkAt(data, offset);
            Info image = switch (chunk.fourCc()) {
                case "VP8 " -> vp8(data, chunk, alpha, true);
                case "VP8L" -> vp8l(data, chunk, true);
                default -> null;
            };
            if (image != null) {
                if (image.width() != canvasWidth || image.height() != canvasHeight) {
                    throw new NotWebpException("has a " + image.width() + "x" + image.height()
                            + " image on a " + canvasWidth + "x" + canvasHeight + " canvas");
                }
                return image;
            }
            offset = chunk.next();
        }
        throw new NotWebpException("has a VP8X header but no VP8 or VP8L image chunk");
    }

    private static Info vp8(byte[] data, Chunk chunk, boolean alpha, boolean extended) {
        if (chunk.size() < VP8_MIN_SIZE) {
            throw new NotWebpException("has a VP8 chunk too short for a frame header");
        }
        int p = chunk.payload();
        int tag = (data[p] & 0xff) | (data[p + 1] & 0xff) << 8 | (data[p + 2] & 0xff) << 16;
        boolean keyFrame = (tag & 1) == 0;
        int profile = (tag >> 1) & 7;
        boolean shown = ((tag >> 4) & 1) == 1;
        int firstPartitionSize = tag >>> 5;
        if (!keyFrame || profile > 3 || !shown || firstPartitionSize >= chunk.size()) {
            throw new NotWebpException("has a VP8 chunk that is not a shown key frame");
        }
        if ((data[p + 3] & 0xff) != 0x9d || (data[p + 4] & 0xff) != 0x01 || (data[p + 5] & 0xff) != 0x2a) {
            throw new NotWebpException("has a VP8 chunk without the VP8 start code");
        }
        int width = u16(data, p + 6) & 0x3fff;
        int height = u16(data, p + 8) & 0x3fff;
        if (width == 0 || height == 0) {
            throw new NotWebpException("has a VP8 frame of " + width + "x" + height + " pixels");
        }
        return new Info(Format.LOSSY, width, height, alpha, extended);
    }

    private static Info vp8l(byte[] data, Chunk chunk, boolean extended) {
        if (chunk.size() < VP8L_MIN_SIZE) {
            throw new NotWebpException("has a VP8L chunk too short for its header");
        }
        int p = chunk.payload();
        if ((data[p] & 0xff) != VP8L_SIGNATURE) {
            throw new NotWebpException("has a VP8L chunk without the lossless signature");
        }
        long bits = u32(data, p + 1);
        int width = (int) (bits & 0x3fff) + 1;
        int height = (int) ((bits >> 14) & 0x3fff) + 1;
        boolean alpha = ((bits >> 28) & 1) == 1;
        int version = (int) (bits >>> 29);
        if (version != 0) {
            throw new NotWebpException("has a VP8L bitstream of unknown version " + version);
        }
        return new Info(Format.LOSSLESS, width, height, alpha, extended);
    }

    /** One RIFF chunk: payload starts at {@code payload}, the next chunk at {@code next} (payloads pad to even). */
    private record Chunk(String fourCc, int payload, long size, int next) {}

    private static Chunk chunkAt(byte[] data, int offset) {
        if (offset + CHUNK_HEADER_SIZE > data.length) {
            throw new NotWebpException("ends inside a chunk header at byte " + offset);
        }
        long size = u32(data, offset + 4);
        long end = offset + CHUNK_HEADER_SIZE + size;
        long next = end + (size & 1);
        if (end > data.length || next > data.length) {
            throw new NotWebpException("has a '" + printable(fourCc(data, offset)) + "' chunk of " + size
                    + " bytes that runs past the end of the data");
        }
        return new Chunk(fourCc(data, offset), offset + CHUNK_HEADER_SIZE, size, (int) next);
    }

    private static String fourCc(byte[] data, int offset) {
        return new String(data, offset, 4, StandardCharsets.ISO_8859_1);
    }

    private static String printable(String fourCc) {
        return fourCc.chars().allMatch(c -> c >= 0x20 && c < 0x7f) ? fourCc : "?";
    }

    private static int u16(byte[] data, int offset) {
        return (data[offset] & 0xff) | (data[offset + 1] & 0xff) << 8;
    }

    private static int u24(byte[] data, int offset) {
        return u16(data, offset) | (data[offset + 2] & 0xff) << 16;
    }

    private static long u32(byte[] data, int offset) {
        return (u24(data, offset) | (long) (data[offset + 3] & 0xff) << 24) & 0xffffffffL;
    }
}
