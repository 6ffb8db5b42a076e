package com.nusomi.captureingest.rest;

import com.nusomi.captureingest.metrics.IngestMetrics;
import com.nusomi.captureingest.service.FrameBatch;
import com.nusomi.captureingest.service.FrameIngestService;
import com.nusomi.captureingest.service.RejectReason;
import com.nusomi.captureingest.service.StoredFrame;
import com.nusomi.captureingest.service.UploadRejectedException;
import com.nusomi.contracts.ErrorCode;
import com.nusomi.contracts.Headers;
import com.nusomi.contracts.IdPrefix;
import com.nusomi.kit.api.ApiException;
import com.nusomi.kit.logging.LogFields;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.server.multipart.MultipartFormDataInput;

/**
 * {@code POST /internal/v1/sessions/{id}/frames}: the frame upload of SPEC §4, behind the api-gateway. The gateway
 * has authenticated the caller and checked that the session is the workspace's and recording; it forwards the
 * multipart body unchanged with {@code X-Nusomi-Workspace} and {@code X-Request-Id}.
 */
@Path("/internal/v1/sessions/{id}/frames")
public class FrameUploadResource {
    private final FrameUploadReader reader;
    private final FrameIngestService ingest;
    private final IngestMetrics metrics;

    FrameUploadResource(FrameUploadReader reader, FrameIngestService ingest, IngestMetrics metrics) {
        this.reader = reader;
        this.ingest = ingest;
        this.metrics = metrics;
    }

    /** The answer: one entry per frame, in request order. */
    public record FrameList(List<FrameAck> data) {}

    /** A stored frame: {@code {"id": "frm_…", "t_ms": …, "keyframe": …}}. */
    public record FrameAck(String id, long tMs, boolean keyframe) {
        static FrameAck of(StoredFrame frame) {
            return new FrameAck(frame.frameId(), frame.tMs(), frame.keyframe());
        }
    }

    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Produces(MediaType.APPLICATION_JSON)
    @Blocking // reads the parts, hashes and parses the images: not for the event loop
    public Uni<RestResponse<FrameList>> upload(@RestPath String id,
                                               @RestHeader(Headers.WORKSPACE_ID) String workspaceId,
                                               MultipartFormDataInput input) {
        if (!IdPrefix.SESSION.matches(id)) {
            throw new ApiException(ErrorCode.SESSION_NOT_FOUND, "no session " + id, "id");
        }
        if (workspaceId == null || workspaceId.isBlank()) {
            throw rejected(UploadRejectedException.invalid(RejectReason.BAD_HEADER, 0,
                    "header " + Headers.WORKSPACE_ID + " is required", Headers.WORKSPACE_ID));
        }
        if (!IdPrefix.WORKSPACE.matches(workspaceId)) {
            throw rejected(UploadRejectedException.invalid(RejectReason.BAD_HEADER, 0,
                    "header " + Headers.WORKSPACE_ID + " must be a workspace id (wsp_…)", Headers.WORKSPACE_ID));
        }
        try (var s = LogFields.with(LogFields.SESSION_ID, id); var w = LogFields.with(LogFields.WORKSPACE_ID, workspaceId)) {
            FrameBatch batch;
            try {
                batch = reader.read(id, workspaceId, input);
            } catch (UploadRejectedException e) {
                throw rejected(e);
            }
            return ingest.ingest(batch)
                    .onFailure(UploadRejectedException.class).invoke(e -> rejected((UploadRejectedException) e))
                    .map(frames -> RestResponse.status(RestResponse.Status.CREATED,
                            new FrameList(frames.stream().map(FrameAck::of).toList())));
        }
    }

    private UploadRejectedException rejected(UploadRejectedException e) {
        metrics.rejected(e.reason(), e.declaredFrames());
        return e;
    }
}
