package com.nusomi.manifestservice.service;

/** The manifest cannot be written and retrying will not help: the export fails with this message. */
public class ManifestFailedException extends RuntimeException {
    public ManifestFailedException(String message) {
        super(message);
    }
}
