package com.nusomi.manifestservice.persistence;

/** The destination of a planned export, as stored (the Avro destination union, one record per kind). */
public sealed interface PlannedDestination {
    String kind();

    record S3(String bucket, String prefix, String region, String endpoint, String roleArn) implements PlannedDestination {
        @Override
        public String kind() {
            return "s3";
        }
    }

    record Gcs(String bucket, String prefix) implements PlannedDestination {
        @Override
        public String kind() {
            return "gcs";
        }
    }

    record AzureBlob(String account, String container, String prefix) implements PlannedDestination {
        @Override
        public String kind() {
            return "azure_blob";
        }
    }

    record SignedUrl() implements PlannedDestination {
        @Override
        public String kind() {
            return "signed_url";
        }
    }
}
