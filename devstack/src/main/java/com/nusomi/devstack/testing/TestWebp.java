package com.nusomi.devstack.testing;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The WebP fixtures of every test: real images ({@link #solid}), screenshot-sized ones ({@link #sized}) and the
 * check a decoder makes first ({@link #isWebp}). Images are made by a minimal VP8L encoder (RFC 9649 §3) for single-colour images. The
 * bitstream has no transforms, no colour cache, one prefix-code group whose five codes are "simple" codes of one
 * symbol each (the colour's green, red, blue and alpha, and distance 0), so every pixel costs zero bits and any size
 * encodes in a few dozen bytes. libwebp's dwebp and TwelveMonkeys' reader decode these images.
 */
public final class TestWebp {
    private TestWebp() {}

    /** A {@code width} x {@code height} image (1..16384 each) filled with {@code argb}. */
    public static byte[] solid(int width, int height, int argb) {
        if (width < 1 || width > 16384 || height < 1 || height > 16384) {
            throw new IllegalArgumentException("VP8L sizes are 1..16384");
        }
        int alpha = argb >>> 24;
        Bits bits = new Bits();
        bits.write(0x2f, 8);                 // VP8L signature
        bits.write(width - 1, 14);
        bits.write(height - 1, 14);
        bits.write(alpha != 0xff ? 1 : 0, 1); // alpha_is_used
        bits.write(0, 3);                    // version
        bits.write(0, 1);                    // no transform
        bits.write(0, 1);                    // no colour cache
        bits.write(0, 1);                    // no meta prefix codes
        simpleCode(bits, (argb >> 8) & 0xff);  // green
        simpleCode(bits, (argb >> 16) & 0xff); // red
        simpleCode(bits, argb & 0xff);         // blue
        simpleCode(bits, alpha);               // alpha
        simpleCode(bits, 0);                   // distance
        return riff("VP8L", bits.toByteArray());
    }

    /**
     * About {@code bytes} bytes (at least the image's own few dozen), content fixed by {@code seed}: an extended
     * (VP8X) WebP whose image is a real single-colour VP8L bitstream and whose {@code XMP } metadata chunk carries
     * random bytes up to the wanted size, so files are as large and as incompressible as real screenshots, still
     * decode, and differ from one another.
     */
    public static byte[] sized(int width, int height, int bytes, long seed) {
        byte[] solid = solid(width, height, 0xff000000 | (int) (seed * 0x9E3779B1L & 0xffffff));
        byte[] vp8l = Arrays.copyOfRange(solid, 12, solid.length); // the VP8L chunk, header included
        var vp8x = new ByteArrayOutputStream();
        vp8x.write(0x04); // flags: XMP metadata present
        vp8x.writeBytes(new byte[3]);
        le24(vp8x, width - 1);
        le24(vp8x, height - 1);
        byte[] metadata = new byte[Math.max(2, bytes - solid.length - 18 - 8) & ~1];
        new SplittableRandom(seed).nextBytes(metadata);

        var body = new ByteArrayOutputStream();
        body.writeBytes("WEBP".getBytes(StandardCharsets.US_ASCII));
        chunk(body, "VP8X", vp8x.toByteArray());
        body.writeBytes(vp8l);
        chunk(body, "XMP ", metadata);
        var out = new ByteArrayOutputStream();
        out.writeBytes("RIFF".getBytes(StandardCharsets.US_ASCII));
        le32(out, body.size());
        out.writeBytes(body.toByteArray());
        return out.toByteArray();
    }

    /** Checks a WebP file as a decoder's first step does: RIFF size, WEBP form, a known first chunk. */
    public static boolean isWebp(byte[] image) {
        if (image.length < 20) {
            return false;
        }
        int riffSize = ByteBuffer.wrap(image, 4, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
        String form = new String(image, 8, 4, StandardCharsets.US_ASCII);
        String chunk = new String(image, 12, 4, StandardCharsets.US_ASCII);
        return new String(image, 0, 4, StandardCharsets.US_ASCII).equals("RIFF") && riffSize == image.length - 8
                && form.equals("WEBP") && List.of("VP8 ", "VP8L", "VP8X").contains(chunk);
    }

    /** A RIFF/WEBP container holding one chunk (padded to even length). */
    public static byte[] riff(String fourCc, byte[] payload) {
        var out = new ByteArrayOutputStream();
        int padded = payload.length + (payload.length & 1);
        out.writeBytes("RIFF".getBytes(StandardCharsets.US_ASCII));
        le32(out, 4 + 8 + padded);
        out.writeBytes("WEBP".getBytes(StandardCharsets.US_ASCII));
        chunk(out, fourCc, payload);
        return out.toByteArray();
    }

    /** Appends one chunk (header, payload, pad byte if odd). */
    public static void chunk(ByteArrayOutputStream out, String fourCc, byte[] payload) {
        out.writeBytes(fourCc.getBytes(StandardCharsets.US_ASCII));
        le32(out, payload.length);
        out.writeBytes(payload);
        if ((payload.length & 1) == 1) {
            out.write(0);
        }
    }

    public static void le32(ByteArrayOutputStream out, int value) {
        out.write(value);
        out.write(value >>> 8);
        out.write(value >>> 16);
        out.write(value >>> 24);
    }

    private static void le24(ByteArrayOutputStream out, int value) {
        out.write(value);
        out.write(value >>> 8);
        out.write(value >>> 16);
    }

    /** A simple prefix code with one 8-bit symbol: decoding it reads no bits. */
    private static void simpleCode(Bits bits, int symbol) {
        bits.write(1, 1); // simple code
        bits.write(0, 1); // one symbol
        bits.write(1, 1); // 8-bit symbol
        bits.write(symbol, 8);
    }

    /** VP8L packs bits least-significant first. */
    private static final class Bits {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private int current;
        private int used;

        void write(int value, int count) {
            for (int i = 0; i < count; i++) {
                current |= ((value >>> i) & 1) << used;
                if (++used == 8) {
                    out.write(current);
                    current = 0;
                    used = 0;
                }
            }
        }

        byte[] toByteArray() {
            if (used > 0) {
                out.write(current);
                current = 0;
                used = 0;
            }
            return out.toByteArray();
        }
    }
}
