package com.nusomi.kit.objectstore;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/** AWS SDK v2 clients for the installation's object store (path-style, static credentials). */
@ApplicationScoped
public class ObjectStoreClients {

    @Produces
    @Singleton
    S3Client s3Client(ObjectStoreConfig config) {
        return forEndpoint(config, config.endpoint());
    }

    @Produces
    @Singleton
    S3Presigner s3Presigner(ObjectStoreConfig config) {
        return S3Presigner.builder()
                .endpointOverride(URI.create(config.endpoint()))
                .region(Region.of(config.region()))
                .credentialsProvider(credentials(config))
                .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build())
                .build();
    }

    void close(@Disposes S3Client client) {
        client.close();
    }

    void close(@Disposes S3Presigner presigner) {
        presigner.close();
    }

    /** A client for another S3-compatible endpoint reached with the installation's credentials. */
    public static S3Client forEndpoint(ObjectStoreConfig config, String endpoint) {
        return S3Client.builder()
                .endpointOverride(URI.create(endpoint))
                .region(Region.of(config.region()))
                .credentialsProvider(credentials(config))
                .forcePathStyle(true)
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    private static StaticCredentialsProvider credentials(ObjectStoreConfig config) {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(config.accessKey(), config.secretKey()));
    }
}
