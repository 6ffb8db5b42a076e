package com.nusomi.captureingest.image;

/** The bytes are not a WebP still image; the message completes "the image …". */
public class NotWebpException extends RuntimeException {
    public NotWebpException(String reason) {
        super(reason);
    }
}
