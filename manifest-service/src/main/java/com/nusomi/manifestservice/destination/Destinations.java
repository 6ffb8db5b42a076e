package com.nusomi.manifestservice.destination;

import com.nusomi.kit.objectstore.ObjectStoreClients;
import com.nusomi.kit.objectstore.ObjectStoreConfig;
import com.nusomi.manifestservice.persistence.PlannedDestination;
import com.nusomi.manifestservice.persistence.PlannedExport;
import com.nusomi.manifestservice.service.ManifestFailedException;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/** Picks the {@link Destination} of a planned export by its destination kind. */
@ApplicationScoped
public class Destinations {
    private final S3Client installationStore;
    private final S3Presigner presigner;
    private final ObjectStoreConfig storeConfig;
    private final Map<String, S3Client> clientsByEndpoint = new ConcurrentHashMap<>();

    Destinations(S3Client installationStore, S3Presigner presigner, ObjectStoreConfig storeConfig) {
        this.installationStore = installationStore;
        this.presigner = presigner;
        this.storeConfig = storeConfig;
    }

    /** @throws ManifestFailedException for a destination this installation cannot write yet */
    public Destination of(PlannedExport export) {
        return switch (export.destination()) {
            case PlannedDestination.S3 s3 -> s3(s3);
            case PlannedDestination.SignedUrl ignored -> new SignedUrlDestination(installationStore, presigner,
                    storeConfig.bucket(), export.workspaceId(), export.exportId());
            case PlannedDestination.Gcs ignored -> throw new ManifestFailedException("gcs destinations are not supported yet");
            case PlannedDestination.AzureBlob ignored -> throw new ManifestFailedException("azure_blob destinations are not supported yet");
        };
    }

    private Destination s3(PlannedDestination.S3 s3) {
        if (s3.roleArn() != null) {
            throw new ManifestFailedException("s3 destinations with role_arn are not supported yet");
        }
        if (s3.endpoint() == null || s3.endpoint().isBlank()) {
            throw new ManifestFailedException("s3 destination without role_arn needs an endpoint");
        }
        try {
            S3Client client = clientsByEndpoint.computeIfAbsent(s3.endpoint().strip(),
                    endpoint -> ObjectStoreClients.forEndpoint(storeConfig, endpoint));
            return new S3Destination(client, s3.bucket(), s3.prefix());
        } catch (IllegalArgumentException e) {
            throw new ManifestFailedException("s3 destination endpoint " + s3.endpoint() + " is not a URL");
        }
    }

    @PreDestroy
    void close() {
        clientsByEndpoint.values().forEach(S3Client::close);
    }
}
