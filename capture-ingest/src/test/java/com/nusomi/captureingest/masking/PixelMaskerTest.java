package com.nusomi.captureingest.masking;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nusomi.imagekit.WebpCodec;
import com.nusomi.captureingest.image.WebpHeader;
import java.awt.Color;
import java.awt.Font;
import java.awt.image.BufferedImage;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The stored image of a masked frame, decoded again: the masked region is unreadable, the rest of the screen is kept. */
class PixelMaskerTest {

    /** A 400×200 "screen" (CSS 200×100 at scale 2): white, with black text in a field at CSS (20, 30, 120×20). */
    static byte[] screen() {
        BufferedImage image = new BufferedImage(400, 200, BufferedImage.TYPE_INT_ARGB);
        var g = image.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, 400, 200);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.MONOSPACED, Font.BOLD, 28));
        g.drawString("4242 4242", 44, 90);
        g.drawRect(40, 60, 240, 40);
        g.setColor(new Color(30, 90, 200));
        g.fillRect(300, 150, 80, 30); // a button outside the field
        g.dispose();
        return WebpCodec.encode(image);
    }

    @Test
    void theMaskedRegionIsFlatAndDiffersWhileTheRestIsNearlyUnchanged() {
        byte[] original = screen();
        byte[] masked = PixelMasker.mask(original, List.of(new SnapshotMasker.Region(20, 30, 120, 20)), 2.0);

        WebpHeader.Info info = WebpHeader.read(masked);
        assertEquals(400, info.width());
        assertEquals(200, info.height());
        BufferedImage before = WebpCodec.decode(original);
        BufferedImage after = WebpCodec.decode(masked);
        // inside the field (image px 40..280 × 60..100): the text was there, and is gone
        assertTrue(stddev(before, 44, 64, 232, 32) > 40, "the original shows text");
        assertTrue(stddev(after, 44, 64, 232, 32) < 6, "the masked region is flat: " + stddev(after, 44, 64, 232, 32));
        assertTrue(meanAbsDiff(before, after, 44, 64, 232, 32) > 20);
        // outside it (well clear of the margin and of codec blocks at its edge): nearly unchanged
        assertTrue(meanAbsDiff(before, after, 0, 120, 400, 80) < 3, "below the field");
        assertTrue(meanAbsDiff(before, after, 300, 150, 80, 30) < 3, "the button");
    }

    @Test
    void theSameFrameAndRegionsGiveTheSameBytesAndNoRegionKeepsTheImage() {
        byte[] original = screen();
        var regions = List.of(new SnapshotMasker.Region(20, 30, 120, 20));
        assertArrayEquals(PixelMasker.mask(original, regions, 2.0), PixelMasker.mask(original, regions, 2.0));
        assertSame(original, PixelMasker.mask(original, List.of(), 2.0));
        assertSame(original, PixelMasker.mask(original, List.of(new SnapshotMasker.Region(500, 500, 10, 10)), 2.0),
                "a region off the image changes nothing");
    }

    static double stddev(BufferedImage image, int x, int y, int w, int h) {
        double sum = 0;
        double squares = 0;
        int n = 0;
        for (int j = y; j < y + h; j++) {
            for (int i = x; i < x + w; i++) {
                int grey = grey(image.getRGB(i, j));
                sum += grey;
                squares += (double) grey * grey;
                n++;
            }
        }
        double mean = sum / n;
        return Math.sqrt(Math.max(0, squares / n - mean * mean));
    }

    static double meanAbsDiff(BufferedImage a, BufferedImage b, int x, int y, int w, int h) {
        double sum = 0;
        for (int j = y; j < y + h; j++) {
            for (int i = x; i < x + w; i++) {
                sum += Math.abs(grey(a.getRGB(i, j)) - grey(b.getRGB(i, j)));
            }
        }
        return sum / ((double) w * h);
    }

    private static int grey(int argb) {
        return (299 * ((argb >> 16) & 0xff) + 587 * ((argb >> 8) & 0xff) + 114 * (argb & 0xff)) / 1000;
    }
}
