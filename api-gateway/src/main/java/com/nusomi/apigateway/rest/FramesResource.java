package com.nusomi.apigateway.rest;

import com.nusomi.apigateway.auth.CurrentCaller;
import com.nusomi.apigateway.auth.RequiresScope;
import com.nusomi.apigateway.auth.Scope;
import com.nusomi.apigateway.client.CaptureIngestClient;
import com.nusomi.apigateway.mapping.FrameView;
import com.nusomi.apigateway.service.FrameService;
import com.nusomi.apigateway.service.SessionService;
import com.nusomi.contracts.Limits;
import com.nusomi.kit.api.ApiException;
import com.nusomi.kit.api.RequestIds;
import com.nusomi.kit.logging.LogFields;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

/**
 * {@code POST /v1/sessions/{id}/frames}: checks the caller may write to this session and that it is recording, then
 * forwards the multipart body unchanged to capture-ingest, which validates and stores the frames, and relays its answer.
 */
@Path("/v1/sessions/{id}/frames")
public class FramesResource {
    private static final Logger LOG = Logger.getLogger(FramesResource.class);
    private final SessionService sessions;
    private final CaptureIngestClient ingest;
    private final CurrentCaller caller;

    FramesResource(SessionService sessions, CaptureIngestClient ingest, CurrentCaller caller) {
        this.sessions = sessions;
        this.ingest = ingest;
        this.caller = caller;
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    @RequiresScope(Scope.WRITE)
    public Uni<Response> upload(@RestPath String id, @Context HttpHeaders headers, @Context ContainerRequestContext request,
                                byte[] body) {
        String contentType = headers.getHeaderString(HttpHeaders.CONTENT_TYPE);
        if (contentType == null || !contentType.toLowerCase(java.util.Locale.ROOT).startsWith(MediaType.MULTIPART_FORM_DATA)) {
            throw ApiException.invalidRequest("frames are uploaded as multipart/form-data (a metadata part and one image/webp part per frame)", null);
        }
        if (body == null || body.length == 0) {
            throw ApiException.invalidRequest("the upload is empty", null);
        }
        if (body.length > Limits.FRAME_UPLOAD_MAX_BYTES) {
            throw ApiException.invalidRequest("the upload is " + body.length + " bytes; at most "
                    + Limits.FRAME_UPLOAD_MAX_BYTES + " (32 MiB) are accepted per request", null);
        }
        String workspaceId = caller.workspaceId();
        String requestId = RequestIds.of(request);
        return sessions.recording(workspaceId, id, "frames")
                .chain(session -> ingest.uploadFrames(workspaceId, id, requestId, contentType, body))
                .map(answer -> {
                    try (var s = LogFields.with(LogFields.SESSION_ID, id)) {
                        LOG.debugf("frame upload of %d bytes → capture-ingest %d", body.length, answer.status());
                    }
                    var response = Response.status(answer.status()).entity(answer.body());
                    if (answer.contentType() != null) {
                        response.type(answer.contentType());
                    }
                    return response.build();
                });
    }

    /** Frame reads live beside the upload (same path); injected apart so the upload path stays independent. */
    @Inject
    FrameService frameReads;

    /** The session's frames by t_ms ({@code limit} default 100, max 500; {@code t_ms.gte/lte}). */
    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @RequiresScope(Scope.READ)
    public Uni<Page<FrameView>> list(@RestPath String id, @RestQuery String limit, @RestQuery String cursor,
                                     @RestQuery("t_ms.gte") String tMsGte, @RestQuery("t_ms.lte") String tMsLte) {
        int size = Paging.limit(limit, Limits.LIST_DEFAULT_LIMIT, Limits.LIST_MAX_LIMIT);
        Long after = afterTMs(Paging.decode(cursor));
        return frameReads.list(caller.workspaceId(), id, QueryFilters.nonNegativeLong(tMsGte, "t_ms.gte"),
                        QueryFilters.nonNegativeLong(tMsLte, "t_ms.lte"), after, size + 1)
                .map(rows -> Page.of(rows, size, r -> Paging.encode(Long.toString(r.tMs())),
                        r -> FrameView.of(r, frameReads.imageUrl(r))));
    }

    private static Long afterTMs(String decoded) {
        if (decoded == null) {
            return null;
        }
        try {
            return Long.parseLong(decoded);
        } catch (NumberFormatException e) {
            throw Paging.invalidCursor();
        }
    }
}
