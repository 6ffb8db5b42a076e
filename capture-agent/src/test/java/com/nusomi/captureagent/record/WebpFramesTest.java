package com.nusomi.captureagent.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nusomi.imagekit.WebpCodec;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class WebpFramesTest {
    @Test
    void aScreencastJpegBecomesAWebpOfTheSameScreen() throws Exception {
        BufferedImage screen = new BufferedImage(320, 200, BufferedImage.TYPE_INT_RGB);
        var g = screen.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, 320, 200);
        g.setColor(Color.BLUE);
        g.fillRect(0, 0, 160, 200); // left half blue, right half white
        g.dispose();
        var jpeg = new ByteArrayOutputStream();
        ImageIO.write(screen, "jpeg", jpeg);

        byte[] webp = WebpFrames.fromJpeg(jpeg.toByteArray());

        assertEquals("RIFF", new String(Arrays.copyOfRange(webp, 0, 4), StandardCharsets.US_ASCII));
        assertEquals("WEBP", new String(Arrays.copyOfRange(webp, 8, 12), StandardCharsets.US_ASCII));
        BufferedImage back = WebpCodec.decode(webp);
        assertEquals(320, back.getWidth());
        assertEquals(200, back.getHeight());
        Color left = new Color(back.getRGB(40, 100));
        Color right = new Color(back.getRGB(280, 100));
        assertTrue(left.getBlue() > 200 && left.getRed() < 60, "left half stays blue: " + left);
        assertTrue(right.getRed() > 200 && right.getGreen() > 200 && right.getBlue() > 200, "right half stays white: " + right);
    }

    @Test
    void bytesThatAreNoImageAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> WebpFrames.fromJpeg("not a jpeg".getBytes(StandardCharsets.US_ASCII)));
    }
}
