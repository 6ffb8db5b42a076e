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
        assertHalves(WebpCodec.decode(webp), 320, 200, Color.BLUE, Color.WHITE);
    }

    @Test
    void theSamePixelsAlwaysGiveTheSameBytes() {
        BufferedImage image = halves(97, 61, Color.RED, Color.DARK_GRAY);

        assertArrayEquals(WebpCodec.encode(image), WebpCodec.encode(image));
    }

    @Test
    void aScaledDecodeHasTheAskedSizeAndTheImagesColours() {
        byte[] webp = WebpCodec.encode(halves(640, 400, Color.BLACK, Color.WHITE));

        assertHalves(WebpCodec.decodeScaled(webp, 32, 20), 32, 20, Color.BLACK, Color.WHITE);
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

    /** {@code image} is width x height, {@code left} in its left half and {@code right} in its right half. */
    private static void assertHalves(BufferedImage image, int width, int height, Color left, Color right) {
        assertEquals(width, image.getWidth());
        assertEquals(height, image.getHeight());
        assertNear(left, new Color(image.getRGB(width / 8, height / 2)), "left half");
        assertNear(right, new Color(image.getRGB(width - 1 - width / 8, height / 2)), "right half");
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
