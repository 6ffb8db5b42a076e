package com.nusomi.captureingest.rest;

import com.nusomi.captureingest.config.CaptureIngestConfig;
import com.nusomi.captureingest.metrics.IngestMetrics;
import com.nusomi.captureingest.service.FrameIngestService;
import com.nusomi.captureingest.service.RejectReason;
import com.nusomi.captureingest.service.StoredFrame;
import com.nusomi.captureingest.service.UploadRejectedException;
import com.nusomi.contracts.ErrorCode;
import com.nusomi.contracts.Headers;
import com.nusomi.contracts.IdPrefix;
import com.nusomi.kit.api.ApiException;
import com.nusomi.kit.logging.LogFields;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestResponse;

/**
 * {@code POST /internal/v1/sessions/{id}/frames}: the frame upload of SPEC §4, behind the api-gateway. The gateway
 * has authenticated the caller and checked that the session is the workspace's and recording; it streams the
 * multipart body through unchanged with {@code X-Nusomi-Workspace} and {@code X-Request-Id}. The body is read as it
 * arrives ({@link FrameUploadStream}): each image is stored once its part is complete, the frames are indexed and
 * published once the request is whole.
 */
@Path("/internal/v1/sessions/{id}/frames")
public class FrameUploadResource {
    private final FrameUploadReader reader;
    private final FrameIngestService ingest;
    private final IngestMetrics metrics;
    private final CaptureIngestConfig config;

    FrameUploadResource(FrameUploadReader reader, FrameIngestService ingest, IngestMetrics metrics, CaptureIngestConfig config) {
        this.reader = reader;
        this.ingest = ingest;
        this.metrics = metrics;
        this.config = config;
    }

    /** The answer: one entry per frame, in request order. */
    public record FrameList(List<FrameAck> data) {}

    /** A stored frame: {@code {"id": "frm_…", "t_ms": …, "keyframe": …}}. */
    public record FrameAck(String id, long tMs, boolean keyframe) {
        static FrameAck of(StoredFrame frame) {
            return new FrameAck(frame.frameId(), frame.tMs(), frame.keyframe());
        }
    }

    /** No body parameter: REST leaves the body unread (the request paused) and {@link FrameUploadStream} reads it. */
    @POST
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<RestResponse<FrameList>> upload(@RestPath String id,
                                               @RestHeader(Headers.WORKSPACE_ID) String workspaceId,
                                               @RestHeader(HttpHeaders.CONTENT_TYPE) String contentType,
                                               @Context HttpServerRequest request) {
        RuntimeException refused = refusal(id, workspaceId, contentType);
        if (refused != null) {
            return FrameUploadStream.<RestResponse<FrameList>>drainThenFail(request, refused)
                    .onFailure(UploadRejectedException.class).invoke(e -> rejected((UploadRejectedException) e));
        }
        try (var s = LogFields.with(LogFields.SESSION_ID, id); var w = LogFields.with(LogFields.WORKSPACE_ID, workspaceId)) {
            return FrameUploadStream.read(request, MultipartParser.boundaryOf(contentType), id, workspaceId, reader, ingest,
                            config.maxRequestBytes(), config.storeConcurrency())
                    .chain(frames -> ingest.ingestStored(id, workspaceId, frames))
                    .onFailure(UploadRejectedException.class).invoke(e -> rejected((UploadRejectedException) e))
                    .map(frames -> RestResponse.status(RestResponse.Status.CREATED,
                            new FrameList(frames.stream().map(FrameAck::of).toList())));
        }
    }

    /** What is wrong with the request before its body is read; null when nothing is. */
    private static RuntimeException refusal(String id, String workspaceId, String contentType) {
        if (!IdPrefix.SESSION.matches(id)) {
            return new ApiException(ErrorCode.SESSION_NOT_FOUND, "no session " + id, "id");
        }
        if (workspaceId == null || workspaceId.isBlank()) {
            return UploadRejectedException.invalid(RejectReason.BAD_HEADER, 0,
                    "header " + Headers.WORKSPACE_ID + " is required", Headers.WORKSPACE_ID);
        }
        if (!IdPrefix.WORKSPACE.matches(workspaceId)) {
            return UploadRejectedException.invalid(RejectReason.BAD_HEADER, 0,
                    "header " + Headers.WORKSPACE_ID + " must be a workspace id (wsp_…)", Headers.WORKSPACE_ID);
        }
        if (MultipartParser.boundaryOf(contentType) == null) {
            return UploadRejectedException.invalid(RejectReason.BAD_HEADER, 0, "frames are uploaded as multipart/form-data "
                    + "with a boundary (a metadata part and one image/webp part per frame)", HttpHeaders.CONTENT_TYPE);
        }
        return null;
    }

    private void rejected(UploadRejectedException e) {
        metrics.rejected(e.reason(), e.declaredFrames());
    }
}
