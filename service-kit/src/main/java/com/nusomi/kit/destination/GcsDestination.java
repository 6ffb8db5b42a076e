package com.nusomi.kit.destination;

import com.google.cloud.BaseServiceException;
import com.google.cloud.WriteChannel;
import com.google.cloud.storage.BlobId;
import com.google.cloud.storage.BlobInfo;
import com.google.cloud.storage.Storage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.function.Supplier;

/**
 * A customer's Google Cloud Storage bucket ({@code gcs {bucket, prefix, service_account}}): objects under
 * {@code <prefix>}, read back as {@code gs://bucket/<prefix><name>}. Shards stream through a resumable upload whose
 * object appears, replacing any earlier one, only when the upload is finished.
 */
public final class GcsDestination implements Destination {
    private final Storage storage;
    private final String bucket;
    private final String prefix;
    private final int chunkSize;

    GcsDestination(Storage storage, String bucket, String prefix, int chunkSize) {
        this.storage = storage;
        this.bucket = bucket;
        this.prefix = ExportLocation.normalizePrefix(prefix);
        this.chunkSize = chunkSize;
    }

    @Override
    public String label() {
        return "gs://" + bucket + "/" + prefix;
    }

    @Override
    public String bucket() {
        return bucket;
    }

    @Override
    public String key(String name) {
        return prefix + name;
    }

    @Override
    public String url(String name) {
        return "gs://" + bucket + "/" + key(name);
    }

    @Override
    public boolean exists(String name) {
        return guarded(() -> storage.get(BlobId.of(bucket, key(name))) != null);
    }

    @Override
    public void put(String name, byte[] bytes, String contentType) {
        guarded(() -> storage.create(info(name, contentType), bytes));
    }

    @Override
    public ObjectUpload upload(String name, String contentType) {
        WriteChannel channel = guarded(() -> storage.writer(info(name, contentType)));
        channel.setChunkSize(chunkSize);
        return new ObjectUpload() {
            private long size;
            private boolean done;

            @Override
            public void write(int b) {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] bytes, int off, int len) {
                ByteBuffer buffer = ByteBuffer.wrap(bytes, off, len);
                io(() -> {
                    while (buffer.hasRemaining()) {
                        channel.write(buffer);
                    }
                });
                size += len;
            }

            @Override
            public void complete() {
                io(channel::close);
                done = true;
            }

            @Override
            public long size() {
                return size;
            }

            @Override
            public void close() {
                // an unfinished resumable upload never becomes an object; GCS drops the session after a week
                done = true;
            }
        };
    }

    private BlobInfo info(String name, String contentType) {
        return BlobInfo.newBuilder(BlobId.of(bucket, key(name))).setContentType(contentType).build();
    }

    private interface Io {
        void run() throws IOException;
    }

    private void io(Io call) {
        guarded(() -> {
            try {
                call.run();
                return null;
            } catch (IOException e) {
                throw new DestinationException("destination " + label() + " failed: " + e.getMessage(), true, e);
            }
        });
    }

    private <T> T guarded(Supplier<T> call) {
        try {
            return call.get();
        } catch (BaseServiceException e) {
            boolean refused = e.getCode() >= 400 && e.getCode() < 500 && e.getCode() != 408 && e.getCode() != 429;
            throw new DestinationException("destination " + label() + " failed: " + e.getMessage(),
                    !refused || e.isRetryable(), e);
        }
    }
}
