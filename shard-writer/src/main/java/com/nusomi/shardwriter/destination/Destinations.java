package com.nusomi.shardwriter.destination;

import com.nusomi.contracts.avro.AzureBlobDestination;
import com.nusomi.contracts.avro.GcsDestination;
import com.nusomi.contracts.avro.ShardTask;
import com.nusomi.kit.objectstore.ObjectStoreClients;
import com.nusomi.kit.objectstore.ObjectStoreConfig;
import com.nusomi.shardwriter.config.ShardWriterConfig;
import com.nusomi.shardwriter.service.ShardFailedException;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.services.s3.S3Client;

/** Picks the {@link Destination} of a shard task by the destination union the contracts name. */
@ApplicationScoped
public class Destinations {
    /** S3's smallest multipart part (all but the last). */
    static final long MIN_PART_SIZE = 5L * 1024 * 1024;

    private final S3Client installationStore;
    private final ObjectStoreConfig storeConfig;
    private final int partSize;
    private final Map<String, S3Client> clientsByEndpoint = new ConcurrentHashMap<>();

    Destinations(S3Client installationStore, ObjectStoreConfig storeConfig, ShardWriterConfig config) {
        this.installationStore = installationStore;
        this.storeConfig = storeConfig;
        this.partSize = (int) Math.min(Integer.MAX_VALUE - 8, Math.max(MIN_PART_SIZE, config.multipartPartSizeBytes()));
    }

    /** The destination of {@code task}; a kind this installation cannot write yet fails the shard. */
    public Destination of(ShardTask task) {
        Object destination = task.getDestination();
        if (destination instanceof com.nusomi.contracts.avro.S3Destination s3) {
            return s3(s3);
        } else if (destination instanceof com.nusomi.contracts.avro.SignedUrlDestination) {
            return new SignedUrlDestination(installationStore, storeConfig.bucket(), task.getWorkspaceId(),
                    task.getExportId(), partSize);
        } else if (destination instanceof GcsDestination) {
            throw new ShardFailedException("gcs destinations are not supported yet");
        } else if (destination instanceof AzureBlobDestination) {
            throw new ShardFailedException("azure_blob destinations are not supported yet");
        }
        throw new ShardFailedException("unknown destination " + (destination == null ? "null" : destination.getClass().getSimpleName()));
    }

    private Destination s3(com.nusomi.contracts.avro.S3Destination s3) {
        if (s3.getRoleArn() != null) {
            throw new ShardFailedException("s3 destinations with role_arn (assume-role with ExternalId = workspace id) "
                    + "are not supported yet; give an endpoint reachable with the installation's credentials");
        }
        if (s3.getEndpoint() == null || s3.getEndpoint().isBlank()) {
            throw new ShardFailedException("s3 destination without role_arn needs an endpoint (an S3-compatible store "
                    + "reachable with the installation's credentials)");
        }
        S3Client client;
        try {
            client = clientsByEndpoint.computeIfAbsent(s3.getEndpoint().strip(),
                    endpoint -> ObjectStoreClients.forEndpoint(storeConfig, endpoint));
        } catch (IllegalArgumentException e) {
            throw new ShardFailedException("s3 destination endpoint " + s3.getEndpoint() + " is not a URL: " + e.getMessage(), e);
        }
        return new S3Destination(client, s3.getBucket(), s3.getPrefix(), installationStore, partSize);
    }

    @PreDestroy
    void close() {
        clientsByEndpoint.values().forEach(S3Client::close);
    }
}
