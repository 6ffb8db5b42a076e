package com.nusomi.kit.destination;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Optional;

/** How this installation reaches export destinations. */
@ConfigMapping(prefix = "nusomi.destination")
public interface DestinationConfig {

    /** Size of one multipart part (and of each of the upload's buffers); raised to S3's 5 MiB floor. */
    @WithDefault("8388608")
    long multipartPartSizeBytes();

    /**
     * Parts of one upload sent while the next one fills: the writer and the network overlap, and an upload holds at
     * most {@code (parts in flight + 1) × part size} bytes.
     */
    @WithDefault("2")
    int multipartPartsInFlight();

    /** STS endpoint for {@code role_arn} destinations (e.g. a moto server); AWS's regional endpoint when absent. */
    Optional<String> stsEndpoint();

    /** The installation's own AWS identity that assumes customers' roles; the SDK's default chain when absent. */
    Optional<String> awsAccessKeyId();

    Optional<String> awsSecretAccessKey();

    /** Blob endpoint of azure_blob destinations, {@code {account}} replaced (e.g. an Azurite); Azure's when absent. */
    Optional<String> azureEndpoint();

    /** Shared key the installation holds for azure_blob destination accounts. */
    Optional<String> azureAccountKey();
}
