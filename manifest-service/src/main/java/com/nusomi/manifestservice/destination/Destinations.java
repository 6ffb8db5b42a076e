package com.nusomi.manifestservice.destination;

import com.nusomi.contracts.avro.AzureBlobDestination;
import com.nusomi.contracts.avro.GcsDestination;
import com.nusomi.contracts.avro.S3Destination;
import com.nusomi.contracts.avro.SignedUrlDestination;
import com.nusomi.kit.destination.Destination;
import com.nusomi.kit.destination.DestinationException;
import com.nusomi.manifestservice.persistence.PlannedDestination;
import com.nusomi.manifestservice.persistence.PlannedExport;
import com.nusomi.manifestservice.service.ManifestFailedException;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The shared {@link com.nusomi.kit.destination.Destinations} (the same classes shard-writer writes the shards with)
 * for a planned export, as stored here. Signed URLs in the manifest are signed now.
 */
@ApplicationScoped
public class Destinations {
    private final com.nusomi.kit.destination.Destinations destinations;

    Destinations(com.nusomi.kit.destination.Destinations destinations) {
        this.destinations = destinations;
    }

    /** @throws ManifestFailedException for a destination this installation cannot write */
    public Destination of(PlannedExport export) {
        try {
            return destinations.of(contract(export.destination()), export.workspaceId(), export.exportId());
        } catch (DestinationException e) {
            throw new ManifestFailedException(e.getMessage());
        }
    }

    private static Object contract(PlannedDestination destination) {
        return switch (destination) {
            case PlannedDestination.S3 s3 -> S3Destination.newBuilder().setBucket(s3.bucket()).setPrefix(orEmpty(s3.prefix()))
                    .setRegion(s3.region()).setEndpoint(s3.endpoint()).setRoleArn(s3.roleArn()).build();
            case PlannedDestination.Gcs gcs -> GcsDestination.newBuilder().setBucket(gcs.bucket()).setPrefix(orEmpty(gcs.prefix())).build();
            case PlannedDestination.AzureBlob az -> AzureBlobDestination.newBuilder().setAccount(az.account())
                    .setContainer(az.container()).setPrefix(orEmpty(az.prefix())).build();
            case PlannedDestination.SignedUrl ignored -> new SignedUrlDestination(null);
        };
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }
}
