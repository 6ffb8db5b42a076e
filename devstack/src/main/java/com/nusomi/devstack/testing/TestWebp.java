package com.nusomi.devstack.testing;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Makes real lossless WebP images for tests: a minimal VP8L encoder (RFC 9649 §3) for single-colour images. The
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
