package com.nusomi.captureingest.masking;

import com.nusomi.captureingest.service.IncomingFrame;

/**
 * Applies a workspace's masking rules to a frame before anything of it is stored (SPEC §2 "Masking"): blurs the
 * matching screen regions in the image and masks values in the DOM / accessibility snapshots.
 *
 * <p>Runs after validation and before hashing: the SHA-256, the blob key and the safe-retry comparison are all of the
 * masked bytes, so an implementation must be deterministic (the same frame and rules give the same bytes) and must
 * return a WebP still image of the same size. {@link RuleFrameMasker} is the implementation.
 */
public interface FrameMasker {

    /** The frame as it may be stored; {@code frame} itself when nothing needs masking. */
    IncomingFrame mask(String workspaceId, String sessionId, IncomingFrame frame);
}
