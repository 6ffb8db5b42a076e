package com.nusomi.captureagent.record;

import com.luciad.imageio.webp.CompressionType;
import com.luciad.imageio.webp.WebPImageWriterSpi;
import com.luciad.imageio.webp.WebPWriteParam;
import com.luciad.imageio.webp.WebPWriter;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Turns a screencast frame (JPEG, as Chromium sends it) into the WebP a frame upload carries, through libwebp
 * (webp-imageio, DESIGN "Libraries checked here"; the same settings as capture-ingest's re-encode: lossy, quality
 * 0.8, method 0). Frames are taken from the screencast because a {@code Page.captureScreenshot} makes the page's
 * main thread draw a new frame (milliseconds each on a big page), while the screencast copies frames the page drew anyway.
 */
final class WebpFrames {
    static final float QUALITY = 0.8f;
    private static final WebPImageWriterSpi WRITERS = new WebPImageWriterSpi();

    private WebpFrames() {}

    static byte[] fromJpeg(byte[] jpeg) {
        BufferedImage image;
        try {
            image = ImageIO.read(new ByteArrayInputStream(jpeg));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (image == null) {
            throw new IllegalArgumentException("the screencast frame is not an image");
        }
        WebPWriter writer = new WebPWriter(WRITERS);
        try (var bytes = new ByteArrayOutputStream(); var out = new MemoryCacheImageOutputStream(bytes)) {
            WebPWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionType(CompressionType.Lossy);
            param.setCompressionQuality(QUALITY);
            param.setMethod(0);
            writer.setOutput(out);
            writer.write(null, new IIOImage(image, null, null), param);
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
    }
}
