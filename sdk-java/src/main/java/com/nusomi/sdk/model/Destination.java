package com.nusomi.sdk.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/** Where an export writes its shards and manifest (SPEC §6), sent as {@code {"kind": …}}. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
@JsonSubTypes({
        @JsonSubTypes.Type(value = Destination.S3.class, name = "s3"),
        @JsonSubTypes.Type(value = Destination.Gcs.class, name = "gcs"),
        @JsonSubTypes.Type(value = Destination.AzureBlob.class, name = "azure_blob"),
        @JsonSubTypes.Type(value = Destination.SignedUrl.class, name = "signed_url")})
public sealed interface Destination {

    /**
     * An S3 bucket, or an S3-compatible store at {@code endpoint} (MinIO, the local installation's own).
     *
     * @param bucket   bucket name
     * @param prefix   key prefix, e.g. {@code datasets/v1/}
     * @param region   region
     * @param roleArn  role to assume (ExternalId = workspace id), or null
     * @param endpoint S3-compatible endpoint, or null for AWS
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record S3(String bucket, String prefix, String region, String roleArn, String endpoint) implements Destination {}

    /**
     * A Google Cloud Storage bucket.
     *
     * @param bucket         bucket name
     * @param prefix         object prefix
     * @param serviceAccount service account to impersonate
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Gcs(String bucket, String prefix, String serviceAccount) implements Destination {}

    /**
     * An Azure Blob container.
     *
     * @param account   storage account
     * @param container container
     * @param prefix    blob prefix
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record AzureBlob(String account, String container, String prefix) implements Destination {}

    /** The hosted bucket: the manifest lists time-limited URLs. */
    record SignedUrl() implements Destination {}

    /** An S3 bucket at AWS. */
    static Destination s3(String bucket, String prefix, String region) {
        return new S3(bucket, prefix, region, null, null);
    }

    /** An S3-compatible store at {@code endpoint}. */
    static Destination s3(String bucket, String prefix, String region, String endpoint) {
        return new S3(bucket, prefix, region, null, endpoint);
    }

    /** The hosted bucket with signed URLs. */
    static Destination signedUrl() {
        return new SignedUrl();
    }
}
