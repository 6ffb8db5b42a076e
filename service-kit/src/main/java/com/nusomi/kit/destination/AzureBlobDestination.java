package com.nusomi.kit.destination;

import com.azure.core.exception.HttpResponseException;
import com.azure.core.util.BinaryData;
import com.azure.core.util.Context;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.models.BlobHttpHeaders;
import com.azure.storage.blob.options.BlobParallelUploadOptions;
import com.azure.storage.blob.specialized.BlockBlobClient;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.function.Supplier;

/**
 * A customer's Azure Blob container ({@code azure_blob {account, container, prefix}}): blobs under {@code <prefix>},
 * read back at their https URL. Shards stream as staged blocks committed on completion (Azure's multipart), each
 * block a byte array; uncommitted blocks never become a blob and Azure drops them after a week.
 */
public final class AzureBlobDestination implements Destination {
    private final BlobContainerClient container;
    private final String account;
    private final String prefix;
    private final int blockSize;

    AzureBlobDestination(BlobContainerClient container, String account, String prefix, int blockSize) {
        this.container = container;
        this.account = account;
        this.prefix = ExportLocation.normalizePrefix(prefix);
        this.blockSize = blockSize;
    }

    @Override
    public String label() {
        return container.getBlobContainerUrl() + "/" + prefix;
    }

    /** The container, as a shard result reports it ({@code <account>/<container>}). */
    @Override
    public String bucket() {
        return account + "/" + container.getBlobContainerName();
    }

    @Override
    public String key(String name) {
        return prefix + name;
    }

    @Override
    public String url(String name) {
        // the SDK's getBlobUrl() escapes the key's slashes; readers (and Azure) take them as folder separators
        return container.getBlobContainerUrl() + "/" + key(name);
    }

    @Override
    public boolean exists(String name) {
        return guarded(() -> container.getBlobClient(key(name)).exists());
    }

    @Override
    public void put(String name, byte[] bytes, String contentType) {
        guarded(() -> container.getBlobClient(key(name)).uploadWithResponse(
                new BlobParallelUploadOptions(BinaryData.fromBytes(bytes))
                        .setHeaders(new BlobHttpHeaders().setContentType(contentType)), null, Context.NONE));
    }

    @Override
    public ObjectUpload upload(String name, String contentType) {
        BlockBlobClient blob = container.getBlobClient(key(name)).getBlockBlobClient();
        return new ObjectUpload() {
            private final byte[] block = new byte[blockSize];
            private final List<String> blockIds = new ArrayList<>();
            private int filled;
            private long size;

            @Override
            public void write(int b) {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] bytes, int off, int len) {
                while (len > 0) {
                    if (filled == block.length) {
                        stage();
                    }
                    int n = Math.min(len, block.length - filled);
                    System.arraycopy(bytes, off, block, filled, n);
                    filled += n;
                    off += n;
                    len -= n;
                    size += n;
                }
            }

            @Override
            public void complete() {
                if (blockIds.isEmpty()) {
                    byte[] whole = java.util.Arrays.copyOf(block, filled);
                    put(name, whole, contentType);
                    return;
                }
                if (filled > 0) {
                    stage();
                }
                guarded(() -> blob.commitBlockListWithResponse(blockIds, new BlobHttpHeaders().setContentType(contentType),
                        null, null, null, null, Context.NONE));
            }

            @Override
            public long size() {
                return size;
            }

            @Override
            public void close() {
                // staged but uncommitted blocks are discarded by Azure; nothing becomes visible
            }

            private void stage() {
                String id = Base64.getEncoder().encodeToString("block-%08d".formatted(blockIds.size())
                        .getBytes(StandardCharsets.US_ASCII));
                byte[] copy = java.util.Arrays.copyOf(block, filled);
                guarded(() -> {
                    blob.stageBlock(id, BinaryData.fromBytes(copy));
                    return null;
                });
                blockIds.add(id);
                filled = 0;
            }
        };
    }

    private <T> T guarded(Supplier<T> call) {
        try {
            return call.get();
        } catch (HttpResponseException e) {
            int status = e.getResponse() == null ? 0 : e.getResponse().getStatusCode();
            boolean refused = status >= 400 && status < 500 && status != 408 && status != 429;
            throw new DestinationException("destination " + label() + " failed: " + firstLine(e.getMessage()), !refused, e);
        } catch (RuntimeException e) {
            throw new DestinationException("destination " + label() + " failed: " + firstLine(String.valueOf(e.getMessage())), true, e);
        }
    }

    private static String firstLine(String message) {
        int nl = message == null ? -1 : message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
