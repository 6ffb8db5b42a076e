package com.nusomi.exportplanner.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.nusomi.contracts.avro.S3Destination;
import com.nusomi.contracts.avro.SignedUrlDestination;
import org.junit.jupiter.api.Test;

class ImageUrlsTest {

    @Test
    void s3ImagesLiveUnderTheNormalisedPrefix() {
        assertEquals("s3://b/v1/".length(), ImageUrls.prefixBytes(s3("b", "v1")));
        assertEquals("s3://b/v1/".length(), ImageUrls.prefixBytes(s3("b", "/v1/")));
        assertEquals("s3://b/".length(), ImageUrls.prefixBytes(s3("b", "")));
    }

    @Test
    void hostedImagesAreSignedUrls() {
        assertEquals(ImageUrls.SIGNED_URL_EXTRA_BYTES, ImageUrls.prefixBytes(new SignedUrlDestination(null)));
    }

    private static S3Destination s3(String bucket, String prefix) {
        return S3Destination.newBuilder().setBucket(bucket).setPrefix(prefix).build();
    }
}
