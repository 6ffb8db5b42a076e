package com.nusomi.captureingest.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nusomi.devstack.testing.TestWebp;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/**
 * The WebP header reader against images an independent decoder (libwebp through webp-imageio's ImageIO reader) reads, and against
 * broken containers. Fixtures in src/test/resources/webp were made once with libwebp's cwebp 1.2.4 from a 24x16
 * gradient: {@code lossy-24x16.webp} (simple VP8), {@code lossy-alpha-24x16.webp} (VP8X + ALPH + VP8).
 */
class WebpHeaderTest {

    @Test
    void readsLosslessImagesThatADecoderAccepts() throws IOException {
        byte[] webp = TestWebp.solid(40, 30, 0xff336699);

        var info = WebpHeader.read(webp);

        assertEquals(new WebpHeader.Info(WebpHeader.Format.LOSSLESS, 40, 30, false, false), info);
        BufferedImage decoded = decode(webp);
        assertEquals(40, decoded.getWidth());
        assertEquals(30, decoded.getHeight());
        assertEquals(0x336699, decoded.getRGB(17, 11) & 0xffffff);
    }

    @Test
    void readsLossyImages() throws IOException {
        byte[] webp = fixture("lossy-24x16.webp");

        assertEquals(new WebpHeader.Info(WebpHeader.Format.LOSSY, 24, 16, false, false), WebpHeader.read(webp));
        BufferedImage decoded = decode(webp);
        assertEquals(24, decoded.getWidth());
        assertEquals(16, decoded.getHeight());
    }

    @Test
    void readsExtendedImagesWithAlpha() throws IOException {
        byte[] webp = fixture("lossy-alpha-24x16.webp");

        assertEquals(new WebpHeader.Info(WebpHeader.Format.LOSSY, 24, 16, true, true), WebpHeader.read(webp));
        assertEquals(24, decode(webp).getWidth());
    }

    @Test
    void readsTheLargestLosslessSize() {
        var info = WebpHeader.read(TestWebp.solid(16384, 2, 0xff000000));
        assertEquals(16384, info.width());
        assertEquals(2, info.height());
    }

    @Test
    void refusesWhatIsNotWebp() {
        assertRefused(new byte[0], "too short");
        assertRefused("GIF89a this is not a webp image at all".getBytes(StandardCharsets.US_ASCII), "no RIFF/WEBP");
        byte[] avi = TestWebp.solid(4, 4, 0xff000000);
        System.arraycopy("AVI ".getBytes(StandardCharsets.US_ASCII), 0, avi, 8, 4);
        assertRefused(avi, "no RIFF/WEBP");
        assertRefused(TestWebp.riff("ALPH", new byte[12]), "not VP8, VP8L or VP8X");
    }

    @Test
    void refusesTruncatedOrPaddedData() {
        byte[] webp = fixture("lossy-24x16.webp");
        assertRefused(Arrays.copyOf(webp, webp.length - 1), "truncated or padded");
        assertRefused(Arrays.copyOf(webp, webp.length + 2), "truncated or padded");
    }

    @Test
    void refusesBrokenLosslessHeaders() {
        byte[] badSignature = TestWebp.solid(4, 4, 0xff000000);
        badSignature[20] = 0x2e;
        assertRefused(badSignature, "lossless signature");
        byte[] badVersion = TestWebp.solid(4, 4, 0xff000000);
        badVersion[24] |= (byte) 0x20; // version bits (29..31 of the header word) = 1
        assertRefused(badVersion, "unknown version");
    }

    @Test
    void refusesBrokenLossyHeaders() {
        byte[] noStartCode = fixture("lossy-24x16.webp");
        noStartCode[20 + 3] = 0;
        assertRefused(noStartCode, "start code");
        byte[] interFrame = fixture("lossy-24x16.webp");
        interFrame[20] |= 1;
        assertRefused(interFrame, "not a shown key frame");
        byte[] zeroWidth = fixture("lossy-24x16.webp");
        zeroWidth[20 + 6] = 0;
        zeroWidth[20 + 7] = 0;
        assertRefused(zeroWidth, "0x16");
    }

    @Test
    void refusesAnimatedOrInconsistentExtendedImages() {
        byte[] animated = fixture("lossy-alpha-24x16.webp");
        animated[20] |= 0x02;
        assertRefused(animated, "animated");
        byte[] widerCanvas = fixture("lossy-alpha-24x16.webp");
        widerCanvas[20 + 4] = 30; // canvas width - 1 = 30
        assertRefused(widerCanvas, "24x16 image on a 31x16 canvas");
        assertRefused(extended(new byte[10]), "no VP8 or VP8L image chunk");
        assertRefused(extended(new byte[9]), "VP8X header of 9 bytes");
    }

    @Test
    void refusesChunksThatRunPastTheEnd() {
        byte[] webp = TestWebp.solid(4, 4, 0xff000000);
        webp[16] = 0x7f; // VP8L chunk size far beyond the data
        assertRefused(webp, "runs past the end");
    }

    private static byte[] extended(byte[] vp8xPayload) {
        var body = new ByteArrayOutputStream();
        TestWebp.chunk(body, "VP8X", vp8xPayload);
        var out = new ByteArrayOutputStream();
        out.writeBytes("RIFF".getBytes(StandardCharsets.US_ASCII));
        TestWebp.le32(out, 4 + body.size());
        out.writeBytes("WEBP".getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(body.toByteArray());
        return out.toByteArray();
    }

    private static void assertRefused(byte[] data, String reasonPart) {
        var e = assertThrows(NotWebpException.class, () -> WebpHeader.read(data));
        assertTrue(e.getMessage().contains(reasonPart), () -> "'" + e.getMessage() + "' should mention '" + reasonPart + "'");
    }

    private static BufferedImage decode(byte[] webp) throws IOException {
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(webp));
        assertNotNull(image, "no ImageIO reader decoded the image");
        return image;
    }

    static byte[] fixture(String name) {
        try (InputStream in = WebpHeaderTest.class.getResourceAsStream("/webp/" + name)) {
            assertNotNull(in, name);
            byte[] bytes = in.readAllBytes();
            assertFalse(bytes.length == 0);
            return bytes;
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
