package com.nusomi.captureingest.image;

import com.nusomi.imagekit.WebpCodec;
import java.awt.image.BufferedImage;

/**
 * The keyframe measure: a frame shrunk by libwebp while decoding to a {@value #GRID}×{@value #GRID} grey thumbnail
 * (each cell the average of its screen area), and the share of cells whose grey level moved by at least a threshold
 * between two such thumbnails. Cheap: no full-size image is ever built in Java.
 */
public final class ScreenFingerprint {
    public static final int GRID = 32;

    private ScreenFingerprint() {}

    /** The thumbnail's grey levels, row by row ({@value #GRID}² bytes), or null when the image does not decode. */
    public static byte[] of(byte[] webp) {
        BufferedImage small;
        try {
            small = WebpCodec.decodeScaled(webp, GRID, GRID);
        } catch (RuntimeException | LinkageError e) {
            return null;
        }
        if (small == null || small.getWidth() != GRID || small.getHeight() != GRID) {
            return null;
        }
        int[] argb = small.getRGB(0, 0, GRID, GRID, null, 0, GRID);
        byte[] grey = new byte[GRID * GRID];
        for (int i = 0; i < argb.length; i++) {
            int p = argb[i];
            // Rec. 601 luma in integers
            grey[i] = (byte) ((299 * ((p >> 16) & 0xff) + 587 * ((p >> 8) & 0xff) + 114 * (p & 0xff)) / 1000);
        }
        return grey;
    }

    /** Share (0..1) of cells whose grey level differs by at least {@code cellDelta} (0..255). */
    public static double changedFraction(byte[] before, byte[] after, int cellDelta) {
        if (before.length != after.length) {
            return 1.0;
        }
        int changed = 0;
        for (int i = 0; i < before.length; i++) {
            if (Math.abs((before[i] & 0xff) - (after[i] & 0xff)) >= cellDelta) {
                changed++;
            }
        }
        return (double) changed / before.length;
    }
}
