package com.nusomi.exportplanner.service;

import com.nusomi.contracts.avro.AzureBlobDestination;
import com.nusomi.contracts.avro.GcsDestination;
import com.nusomi.contracts.avro.S3Destination;
import com.nusomi.contracts.avro.SignedUrlDestination;

/** The destination kinds of SPEC §6, by their wire name. */
public enum DestinationKind {
    s3, gcs, azure_blob, signed_url;

    /** The kind of a destination union member of the contracts. */
    public static DestinationKind of(Object destination) {
        return switch (destination) {
            case S3Destination d -> s3;
            case GcsDestination d -> gcs;
            case AzureBlobDestination d -> azure_blob;
            case SignedUrlDestination d -> signed_url;
            default -> throw new IllegalArgumentException("not a destination: " + destination);
        };
    }
}
