package com.nusomi.imagekit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class WebpCodecTest {
    @Test
    void anEncodedImageIsALossyWebpThatDecodesToTheSamePicture() {
        byte[] webp = WebpCodec.encode(halves(320, 200, Color.BLUE, Color.WHITE));

        assertEquals("RIFF", ascii(webp, 0, 4));
        assertEquals("WEBP", ascii(webp, 8, 12));
        assertEquals("VP8 ", ascii(webp, 12, 16), "lossy (VP8), not lossless (VP8L)");
        BufferedImage back = WebpCodec.decode(webp);
        assertEquals(320, back.getWidth());
        assertEquals(200, back.getHeight());
        assertNear(Color.BLUE, new Color(back.getRGB(40, 100)), "left half");
        assertNear(Color.WHITE, new Color(back.getRGB(280, 100)), "right half");
    }

    @Test
    void theSamePixelsAlwaysGiveTheSameBytes() {
        BufferedImage image = halves(97, 61, Color.RED, Color.DARK_GRAY);

        assertArrayEquals(WebpCodec.encode(image), WebpCodec.encode(image));
    }

    @Test
    void aScaledDecodeHasTheAskedSizeAndTheImagesColours() {
        byte[] webp = WebpCodec.encode(halves(640, 400, Color.BLACK, Color.WHITE));

        BufferedImage small = WebpCodec.decodeScaled(webp, 32, 20);

        assertEquals(32, small.getWidth());
        assertEquals(20, small.getHeight());
        assertNear(Color.BLACK, new Color(small.getRGB(4, 10)), "left of the thumbnail");
        assertNear(Color.WHITE, new Color(small.getRGB(28, 10)), "right of the thumbnail");
    }

    @Test
    void bytesThatAreNoWebpAreRefused() {
        byte[] notWebp = "GIF89a this is not a webp image at all".getBytes(StandardCharsets.US_ASCII);

        assertThrows(UncheckedIOException.class, () -> WebpCodec.decode(notWebp));
    }

    private static BufferedImage halves(int width, int height, Color left, Color right) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        var g = image.createGraphics();
        g.setColor(right);
        g.fillRect(0, 0, width, height);
        g.setColor(left);
        g.fillRect(0, 0, width / 2, height);
        g.dispose();
        return image;
    }

    private static void assertNear(Color expected, Color actual, String where) {
        int distance = Math.max(Math.abs(expected.getRed() - actual.getRed()),
                Math.max(Math.abs(expected.getGreen() - actual.getGreen()), Math.abs(expected.getBlue() - actual.getBlue())));
        assertTrue(distance <= 24, where + ": expected about " + expected + ", decoded " + actual);
    }

    private static String ascii(byte[] bytes, int from, int to) {
        return new String(Arrays.copyOfRange(bytes, from, to), StandardCharsets.US_ASCII);
    }
}
