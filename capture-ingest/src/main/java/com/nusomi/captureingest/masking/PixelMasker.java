package com.nusomi.captureingest.masking;

import com.nusomi.imagekit.WebpCodec;
import java.awt.image.BufferedImage;
import java.util.List;

/**
 * Hides screen regions in a WebP frame: each region (CSS px × {@code scale}, grown by {@link #MARGIN_PX} image pixels
 * and clipped to the image) is filled with its own average colour — the strongest blur, no text shape survives — then
 * the image is re-encoded (lossy, fixed settings: deterministic). Decodes and encodes only when there is a region.
 */
public final class PixelMasker {
    /** Image pixels added around each region: anti-aliased glyph edges and focus rings are covered too. */
    static final int MARGIN_PX = 2;

    private PixelMasker() {}

    /** The re-encoded image, or {@code webp} itself when no region falls inside it. */
    public static byte[] mask(byte[] webp, List<SnapshotMasker.Region> regions, double scale) {
        if (regions.isEmpty()) {
            return webp;
        }
        BufferedImage image = WebpCodec.decode(webp);
        boolean any = false;
        for (SnapshotMasker.Region r : regions) {
            any |= fill(image, r, scale);
        }
        return any ? WebpCodec.encode(image) : webp;
    }

    private static boolean fill(BufferedImage image, SnapshotMasker.Region r, double scale) {
        int x0 = Math.max(0, (int) Math.floor(r.x() * scale) - MARGIN_PX);
        int y0 = Math.max(0, (int) Math.floor(r.y() * scale) - MARGIN_PX);
        int x1 = Math.min(image.getWidth(), (int) Math.ceil((r.x() + r.w()) * scale) + MARGIN_PX);
        int y1 = Math.min(image.getHeight(), (int) Math.ceil((r.y() + r.h()) * scale) + MARGIN_PX);
        if (x1 <= x0 || y1 <= y0) {
            return false;
        }
        int w = x1 - x0;
        int h = y1 - y0;
        int[] pixels = image.getRGB(x0, y0, w, h, null, 0, w);
        long a = 0, red = 0, green = 0, blue = 0;
        for (int p : pixels) {
            a += p >>> 24;
            red += (p >> 16) & 0xff;
            green += (p >> 8) & 0xff;
            blue += p & 0xff;
        }
        int n = pixels.length;
        int mean = (int) (a / n) << 24 | (int) (red / n) << 16 | (int) (green / n) << 8 | (int) (blue / n);
        java.util.Arrays.fill(pixels, mean);
        image.setRGB(x0, y0, w, h, pixels, 0, w);
        return true;
    }
}
