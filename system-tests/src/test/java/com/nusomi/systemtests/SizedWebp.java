package com.nusomi.systemtests;

import com.nusomi.devstack.testing.TestWebp;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Screenshot-sized WebP files for export tests and benchmarks: an extended (VP8X) WebP whose image is a real
 * single-colour VP8L bitstream and whose {@code XMP } metadata chunk carries random bytes up to the wanted size, so
 * files are as large and as incompressible as real screenshots, still decode, and differ from one another.
 */
final class SizedWebp {
    private static final int VP8X_XMP_FLAG = 0x04;

    private SizedWebp() {}

    /** About {@code bytes} bytes (at least the image's own few dozen), content fixed by {@code seed}. */
    static byte[] of(int width, int height, int bytes, long seed) {
        byte[] solid = TestWebp.solid(width, height, 0xff000000 | (int) (seed * 0x9E3779B1L & 0xffffff));
        byte[] vp8l = Arrays.copyOfRange(solid, 12, solid.length); // the VP8L chunk, header included
        var vp8x = new ByteArrayOutputStream();
        vp8x.write(VP8X_XMP_FLAG);
        vp8x.writeBytes(new byte[3]);
        le24(vp8x, width - 1);
        le24(vp8x, height - 1);
        byte[] metadata = new byte[Math.max(2, bytes - solid.length - 18 - 8) & ~1];
        new SplittableRandom(seed).nextBytes(metadata);

        var body = new ByteArrayOutputStream();
        body.writeBytes("WEBP".getBytes(StandardCharsets.US_ASCII));
        TestWebp.chunk(body, "VP8X", vp8x.toByteArray());
        body.writeBytes(vp8l);
        TestWebp.chunk(body, "XMP ", metadata);
        var out = new ByteArrayOutputStream();
        out.writeBytes("RIFF".getBytes(StandardCharsets.US_ASCII));
        TestWebp.le32(out, body.size());
        out.writeBytes(body.toByteArray());
        return out.toByteArray();
    }

    private static void le24(ByteArrayOutputStream out, int value) {
        out.write(value);
        out.write(value >>> 8);
        out.write(value >>> 16);
    }
}
