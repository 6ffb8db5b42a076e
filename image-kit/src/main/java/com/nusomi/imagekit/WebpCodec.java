package com.nusomi.imagekit;

import com.luciad.imageio.webp.CompressionType;
import com.luciad.imageio.webp.WebPImageReaderSpi;
import com.luciad.imageio.webp.WebPImageWriterSpi;
import com.luciad.imageio.webp.WebPReadParam;
import com.luciad.imageio.webp.WebPReader;
import com.luciad.imageio.webp.WebPWriteParam;
import com.luciad.imageio.webp.WebPWriter;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.IIOImage;
import javax.imageio.ImageWriteParam;
import javax.imageio.stream.MemoryCacheImageInputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * WebP decode and encode through libwebp (webp-imageio, DESIGN "Libraries checked here"), the one place both the
 * capture agent (its frames) and capture-ingest (masking, the keyframe measure) encode. The reader and writer are made
 * directly, not looked up in ImageIO's registry (which depends on the context class loader). Encoding is
 * single-threaded with fixed settings (lossy, {@link #QUALITY}, method 0: the fastest), so the same pixels always
 * give the same bytes. libwebp is loaded through JNI: run with {@code --enable-native-access=ALL-UNNAMED}.
 */
public final class WebpCodec {
    /** Lossy quality of every frame encoded here (an agent's frame, a masked re-encode): the agents' screenshot quality. */
    public static final float QUALITY = 0.8f;

    private static final WebPImageReaderSpi READERS = new WebPImageReaderSpi();
    private static final WebPImageWriterSpi WRITERS = new WebPImageWriterSpi();

    private WebpCodec() {}

    /** The whole image, ARGB. */
    public static BufferedImage decode(byte[] webp) {
        return read(webp, null);
    }

    /**
     * The image scaled by libwebp while decoding to {@code width} x {@code height} (cheap: no full-size copy in Java; the
     * in-loop filter and fancy upsampling are skipped, a thumbnail does not need them).
     */
    public static BufferedImage decodeScaled(byte[] webp, int width, int height) {
        WebPReadParam param = new WebPReadParam();
        param.setBypassFiltering(true);
        param.setNoFancyUpsampling(true);
        param.setUseScaling(true);
        param.setScaledWidth(width);
        param.setScaledHeight(height);
        param.setUseThreads(false);
        return read(webp, param);
    }

    /** Lossy WebP of {@code image} at {@link #QUALITY}. */
    public static byte[] encode(BufferedImage image) {
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

    private static BufferedImage read(byte[] webp, WebPReadParam param) {
        WebPReader reader = new WebPReader(READERS);
        try (var in = new MemoryCacheImageInputStream(new ByteArrayInputStream(webp))) {
            reader.setInput(in, true, true);
            return reader.read(0, param);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            reader.dispose();
        }
    }
}
