package com.nusomi.apigateway.service;

import com.nusomi.apigateway.config.GatewayConfig;
import com.nusomi.apigateway.persistence.CatalogRepository;
import com.nusomi.apigateway.persistence.FrameRow;
import com.nusomi.contracts.ErrorCode;
import com.nusomi.contracts.IdPrefix;
import com.nusomi.kit.api.ApiException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/** Frame reads: catalog rows, time-limited signed URLs to their WebP, and the image itself from the object store. */
@ApplicationScoped
public class FrameService {
    private final CatalogRepository catalog;
    private final SessionService sessions;
    private final S3Client s3;
    private final S3Presigner presigner;
    private final GatewayConfig config;

    FrameService(CatalogRepository catalog, SessionService sessions, S3Client s3, S3Presigner presigner, GatewayConfig config) {
        this.catalog = catalog;
        this.sessions = sessions;
        this.s3 = s3;
        this.presigner = presigner;
        this.config = config;
    }

    /** A page of the session's frames by t_ms; 404 session_not_found when the session is not the caller's. */
    public Uni<List<FrameRow>> list(String workspaceId, String sessionId, Long tMsGte, Long tMsLte, Long afterTMs, int limit) {
        return sessions.find(workspaceId, sessionId)
                .chain(session -> catalog.frames(workspaceId, sessionId, tMsGte, tMsLte, afterTMs, limit));
    }

    /** The caller's frame, or 404 frame_not_found (also for another workspace's frame). */
    public Uni<FrameRow> get(String workspaceId, String frameId) {
        if (!IdPrefix.FRAME.matches(frameId)) {
            return Uni.createFrom().failure(notFound(frameId));
        }
        return catalog.frame(workspaceId, frameId).map(found -> found.orElseThrow(() -> notFound(frameId)));
    }

    public Uni<List<FrameRow>> byIds(String workspaceId, List<String> frameIds) {
        return catalog.frames(workspaceId, frameIds);
    }

    /** A GET URL for the frame's WebP, valid for {@code nusomi.gateway.frame-url-ttl}. */
    public String imageUrl(FrameRow frame) {
        return presigner.presignGetObject(p -> p.signatureDuration(config.frameUrlTtl())
                        .getObjectRequest(GetObjectRequest.builder().bucket(frame.imageBucket()).key(frame.imageKey()).build()))
                .url().toString();
    }

    /** The stored WebP as a stream (blocking: call off the event loop); 404 frame_not_found when the blob is gone. */
    public ResponseInputStream<GetObjectResponse> image(FrameRow frame) {
        try {
            return s3.getObject(GetObjectRequest.builder().bucket(frame.imageBucket()).key(frame.imageKey()).build());
        } catch (NoSuchKeyException e) {
            throw new ApiException(ErrorCode.FRAME_NOT_FOUND, "the image of frame " + frame.id() + " is no longer stored");
        }
    }

    static ApiException notFound(String frameId) {
        return new ApiException(ErrorCode.FRAME_NOT_FOUND, "no frame " + frameId + " in this workspace");
    }
}
