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
     * Starts a shard on {@code out}. Rows are written in the order given; closing the sink finishes the shard's bytes
     * but leaves {@code out} open (the caller decides whether the object is committed).
     */
    RowSink open(OutputStream out) throws IOException;

    /** Receives the rows of one shard. Output must be a pure function of the rows: no clocks, no randomness. */
    interface RowSink extends Closeable {
        void write(ShardRow row) throws IOException;
    }
}
