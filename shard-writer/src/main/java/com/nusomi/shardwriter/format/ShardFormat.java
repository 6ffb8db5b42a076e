package com.nusomi.shardwriter.format;

import com.nusomi.contracts.avro.ExportFormat;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;

/** One output format of export shards (SPEC §6). Each format is one class; {@link ShardFormats} picks it. */
public interface ShardFormat {

    /** The format the API names. */
    ExportFormat format();

    /** Content type of the shard object. */
    String contentType();

    /**
     * Starts a shard on {@code out}, a stream that never seeks. Rows are written in the order given; closing the sink
     * finishes the shard's bytes but leaves {@code out} open (the caller decides whether the object is committed).
     *
     * @param images the image bytes of a row's frame, for formats that embed them (webdataset)
     */
    RowSink open(OutputStream out, FrameImageBytes images) throws IOException;

    /** A sink for formats that never embed images. */
    default RowSink open(OutputStream out) throws IOException {
        return open(out, frame -> {
            throw new IllegalStateException(format() + " shards do not embed images");
        });
    }

    /** Receives the rows of one shard. Output must be a pure function of the rows: no clocks, no randomness. */
    interface RowSink extends Closeable {
        void write(ShardRow row) throws IOException;
    }

    /** The WebP bytes of a frame's image. */
    @FunctionalInterface
    interface FrameImageBytes {
        byte[] of(ShardRow.Frame frame) throws IOException;
    }
}
