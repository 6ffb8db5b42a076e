package com.nusomi.captureingest.masking;

import com.nusomi.captureingest.service.IncomingFrame;
import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.context.ApplicationScoped;

/** Masks nothing: the stand-in until workspace masking rules exist. Any other {@link FrameMasker} bean replaces it. */
@DefaultBean
@ApplicationScoped
public class IdentityFrameMasker implements FrameMasker {

    @Override
    public IncomingFrame mask(String workspaceId, String sessionId, IncomingFrame frame) {
        return frame;
    }
}
