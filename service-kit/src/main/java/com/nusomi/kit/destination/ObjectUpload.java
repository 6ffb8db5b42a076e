package com.nusomi.kit.destination;

import java.io.OutputStream;

/**
 * An object being streamed. Bytes become visible only on {@link #complete()}, replacing any object of that name;
 * closing an upload that was not completed discards it, so a failed shard never leaves a partial object behind.
 */
public abstract class ObjectUpload extends OutputStream {

    /** Store errors surface as {@link DestinationException}, never as {@link java.io.IOException}. */
    @Override
    public abstract void write(int b);

    @Override
    public abstract void write(byte[] bytes, int off, int len);

    /** Makes the object visible under its key with every byte written so far. */
    public abstract void complete();

    /** Bytes written so far. */
    public abstract long size();

    /** Discards the upload unless completed. */
    @Override
    public abstract void close();
}
