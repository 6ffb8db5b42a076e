package com.nusomi.captureagent.record;

import com.nusomi.imagekit.WebpCodec;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;

/**
 * Turns a screencast frame (JPEG, as Chromium sends it) into the WebP a frame upload carries, through image-kit's
 * {@link WebpCodec} (libwebp, the settings capture-ingest re-encodes with). Frames are taken from the screencast
 * because a {@code Page.captureScreenshot} makes the page's main thread draw a new frame (milliseconds each on a big
 * page), while the screencast copies frames the page drew anyway.
 */
final class WebpFrames {
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
        return WebpCodec.encode(image);
    }
}
