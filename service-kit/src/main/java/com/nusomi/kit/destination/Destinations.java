package com.nusomi.kit.destination;

import com.nusomi.contracts.Limits;
import com.nusomi.contracts.avro.AzureBlobDestination;
import com.nusomi.contracts.avro.GcsDestination;
import com.nusomi.kit.objectstore.ObjectStoreClients;
import com.nusomi.kit.objectstore.ObjectStoreConfig;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;

/**
 * Picks the {@link Destination} of an export from the destination union the contracts name. Clients are cached per
 * endpoint (and per assumed role), so temporary credentials are reused until shortly before they expire.
 */
@ApplicationScoped
public class Destinations {
    /** S3's smallest multipart part (all but the last). */
    static final long MIN_PART_SIZE = 5L * 1024 * 1024;
    private static final Duration SIGNED_URL_TTL = Duration.ofSeconds(Limits.SIGNED_URL_TTL_SECONDS);
    private static final String DEFAULT_REGION = "us-east-1";

    private final S3Client installationStore;
    private final ObjectStoreConfig storeConfig;
    private final DestinationConfig config;
    private final UploadParts parts;
    private final UrlSigner signer;
    private final Instance<GcsClients> gcsClients;
    private final Instance<AzureClients> azureClients;
    private final Map<String, S3Client> clients = new ConcurrentHashMap<>();
    private final Map<String, AutoCloseable> closeables = new ConcurrentHashMap<>();

    Destinations(S3Client installationStore, ObjectStoreConfig storeConfig, DestinationConfig config,
                 Instance<GcsClients> gcsClients, Instance<AzureClients> azureClients) {
        this.installationStore = installationStore;
        this.gcsClients = gcsClients;
        this.azureClients = azureClients;
        this.storeConfig = storeConfig;
        this.config = config;
        this.parts = new UploadParts((int) Math.min(Integer.MAX_VALUE - 8, Math.max(MIN_PART_SIZE, config.multipartPartSizeBytes())),
                Math.max(1, config.multipartPartsInFlight()));
        this.signer = new UrlSigner(storeConfig.endpoint(), storeConfig.region(), storeConfig.accessKey(),
                storeConfig.secretKey(), SIGNED_URL_TTL);
    }

    /** The destination of an export, signed URLs signed now. */
    public Destination of(Object destination, String workspaceId, String exportId) {
        return of(destination, workspaceId, exportId, Clock.systemUTC());
    }

    /**
     * @param destination one of the contracts' destination records
     * @param signingClock when signed URLs are signed (a fixed clock keeps shard bytes deterministic)
     * @throws DestinationException for a destination this installation cannot write
     */
    public Destination of(Object destination, String workspaceId, String exportId, Clock signingClock) {
        return switch (destination) {
            case com.nusomi.contracts.avro.S3Destination s3 -> s3(s3, workspaceId);
            case com.nusomi.contracts.avro.SignedUrlDestination ignored -> new SignedUrlDestination(installationStore,
                    storeConfig.bucket(), workspaceId, exportId, parts, signer, signingClock);
            case GcsDestination gcs -> new com.nusomi.kit.destination.GcsDestination(
                    gcs(gcs), gcs.getBucket(), gcs.getPrefix(), parts.size());
            case AzureBlobDestination az -> azure(az);
            case null -> throw DestinationException.unusable("export has no destination");
            default -> throw DestinationException.unusable("unknown destination " + destination.getClass().getSimpleName());
        };
    }

    private com.google.cloud.storage.Storage gcs(GcsDestination gcs) {
        try {
            return gcsClients.get().storage(blankToNull(gcs.getServiceAccount()));
        } catch (DestinationException e) {
            throw DestinationException.unusable("destination gs://" + gcs.getBucket() + "/"
                    + ExportLocation.normalizePrefix(gcs.getPrefix()) + ": " + e.getMessage());
        } catch (NoClassDefFoundError e) {
            throw DestinationException.unusable("gcs destinations need google-cloud-storage on this service's classpath");
        }
    }

    private Destination azure(AzureBlobDestination az) {
        String label = "azure_blob " + az.getAccount() + "/" + az.getContainer() + "/" + ExportLocation.normalizePrefix(az.getPrefix());
        try {
            return new com.nusomi.kit.destination.AzureBlobDestination(
                    azureClients.get().container(az.getAccount(), az.getContainer()), az.getAccount(), az.getPrefix(), parts.size());
        } catch (DestinationException e) {
            throw DestinationException.unusable("destination " + label + ": " + e.getMessage());
        } catch (NoClassDefFoundError e) {
            throw DestinationException.unusable("destination " + label + ": azure_blob destinations need azure-storage-blob "
                    + "on this service's classpath");
        } catch (RuntimeException e) {
            throw DestinationException.unusable("destination " + label + ": " + e.getMessage());
        }
    }

    private Destination s3(com.nusomi.contracts.avro.S3Destination s3, String workspaceId) {
        String endpoint = blankToNull(s3.getEndpoint());
        String region = blankToNull(s3.getRegion()) == null ? DEFAULT_REGION : s3.getRegion().strip();
        String roleArn = blankToNull(s3.getRoleArn());
        String label = "s3://" + s3.getBucket() + "/" + ExportLocation.normalizePrefix(s3.getPrefix());
        if (roleArn == null && endpoint == null) {
            throw DestinationException.unusable("destination " + label + " has neither role_arn nor endpoint: give "
                    + "role_arn (assumed with ExternalId = workspace id) or the endpoint of an S3-compatible store");
        }
        S3Client client;
        try {
            client = roleArn == null
                    ? clients.computeIfAbsent("endpoint " + endpoint, k -> ObjectStoreClients.forEndpoint(storeConfig, endpoint))
                    : clients.computeIfAbsent(String.join(" ", "role", roleArn, workspaceId, region, String.valueOf(endpoint)),
                            k -> assumingRole(roleArn, workspaceId, region, endpoint));
        } catch (IllegalArgumentException e) {
            throw DestinationException.unusable("destination " + label + ": endpoint " + endpoint + " is not a URL");
        }
        // the installation's own store, reached with its credentials: images are copied inside it
        boolean inInstallationStore = roleArn == null && sameEndpoint(endpoint, storeConfig.endpoint());
        return new S3Destination(client, s3.getBucket(), s3.getPrefix(), parts, inInstallationStore);
    }

    /** Cross-account access (seed 000): assume the customer's role with ExternalId = workspace id. */
    private S3Client assumingRole(String roleArn, String workspaceId, String region, String endpoint) {
        var sts = StsClient.builder().region(Region.of(region)).credentialsProvider(installationAwsCredentials())
                .httpClient(UrlConnectionHttpClient.create());
        config.stsEndpoint().ifPresent(e -> sts.endpointOverride(URI.create(e)));
        StsClient stsClient = sts.build();
        StsAssumeRoleCredentialsProvider credentials = StsAssumeRoleCredentialsProvider.builder()
                .stsClient(stsClient)
                .refreshRequest(r -> r.roleArn(roleArn).externalId(workspaceId).roleSessionName("nusomi-export")
                        .durationSeconds(3600))
                .staleTime(Duration.ofMinutes(1))
                .prefetchTime(Duration.ofMinutes(5))
                .build();
        closeables.put("sts " + roleArn + " " + workspaceId, () -> {
            credentials.close();
            stsClient.close();
        });
        var s3 = S3Client.builder().region(Region.of(region)).credentialsProvider(credentials)
                .httpClient(UrlConnectionHttpClient.create());
        if (endpoint != null) {
            s3.endpointOverride(URI.create(endpoint)).forcePathStyle(true);
        }
        return s3.build();
    }

    private AwsCredentialsProvider installationAwsCredentials() {
        if (config.awsAccessKeyId().isPresent() && config.awsSecretAccessKey().isPresent()) {
            return StaticCredentialsProvider.create(AwsBasicCredentials.create(config.awsAccessKeyId().get(),
                    config.awsSecretAccessKey().get()));
        }
        return DefaultCredentialsProvider.builder().build();
    }

    private static boolean sameEndpoint(String a, String b) {
        return a != null && b != null && stripSlash(a).equalsIgnoreCase(stripSlash(b));
    }

    private static String stripSlash(String url) {
        String u = url.strip();
        return u.endsWith("/") ? u.substring(0, u.length() - 1) : u;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    @PreDestroy
    void close() {
        clients.values().forEach(S3Client::close);
        closeables.values().forEach(c -> {
            try {
                c.close();
            } catch (Exception ignored) {
                // shutting down
            }
        });
    }
}
