package com.nusomi.apigateway.rest;

import com.nusomi.apigateway.auth.CurrentCaller;
import com.nusomi.apigateway.auth.RequiresScope;
import com.nusomi.apigateway.auth.Scope;
import com.nusomi.apigateway.client.CaptureIngestClient;
import com.nusomi.apigateway.mapping.FrameView;
import com.nusomi.apigateway.service.FrameService;
import com.nusomi.apigateway.service.SessionService;
import com.nusomi.contracts.Headers;
import com.nusomi.contracts.Limits;
import com.nusomi.kit.api.ApiException;
import com.nusomi.kit.api.RequestIds;
import com.nusomi.kit.logging.LogFields;
import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
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
import java.util.Locale;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.media.SchemaProperty;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponseSchema;
import java.util.List;

/**
 * {@code POST /v1/sessions/{id}/frames}: checks the caller may write to this session and that it is recording, then
 * streams the multipart body unchanged to capture-ingest (never holding it whole), which validates and stores the
 * frames as their parts arrive, and relays its answer.
 */
@Path("/v1/sessions/{id}/frames")
public class FramesResource {
    private static final Logger LOG = Logger.getLogger(FramesResource.class);
    private final SessionService sessions;
    private final CaptureIngestClient ingest;
    private final CurrentCaller caller;

    private final long maxBodyBytes;

    FramesResource(SessionService sessions, CaptureIngestClient ingest, CurrentCaller caller,
                   @ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize maxBody) {
        this.sessions = sessions;
        this.ingest = ingest;
        this.caller = caller;
        this.maxBodyBytes = maxBody.asLongValue();
    }

    /**
     * No body parameter: REST leaves the body unread (the request paused) and {@link StreamedBody} passes it on to
     * capture-ingest as it arrives, after the session check. Every answer waits for the end of the body (the rest is
     * dropped after a refusal), so a client still sending reads the answer rather than a reset connection.
     */
    @POST
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    @RequiresScope(Scope.WRITE)
    @RequestBody(required = true, description = "SPEC §4 \"Frame upload\": a metadata part and one image/webp part per "
            + "image name the frames use; ≤ 50 frames and ≤ 32 MiB a request",
            content = @Content(mediaType = MediaType.MULTIPART_FORM_DATA, schema = @Schema(type = SchemaType.OBJECT,
                    requiredProperties = "metadata", properties = @SchemaProperty(name = "metadata", type = SchemaType.STRING,
                    description = "application/json: {\"frames\": [{t_ms, image: <part name>, viewport: {w, h, scale}, "
                            + "dom, accessibility_tree, app, cursor}]}"),
                    additionalProperties = Schema.True.class)))
    @APIResponseSchema(value = Uploaded.class, responseCode = "201", responseDescription = "The frames, in request order")
    public Uni<Response> upload(@RestPath String id, @Context HttpHeaders headers, @Context ContainerRequestContext request,
                                @Context HttpServerRequest http) {
        StreamedBody body = StreamedBody.of(request, http, Limits.FRAME_UPLOAD_MAX_BYTES, maxBodyBytes,
                request.getHeaderString(Headers.IDEMPOTENCY_KEY) != null);
        String contentType = headers.getHeaderString(HttpHeaders.CONTENT_TYPE);
        String workspaceId = caller.workspaceId();
        String requestId = RequestIds.of(request);
        return Uni.createFrom().deferred(() -> {
                    checkBeforeReading(contentType, body.length());
                    return sessions.recording(workspaceId, id, "frames");
                })
                .chain(session -> ingest.uploadFrames(workspaceId, id, requestId, contentType, body))
                .onFailure(StreamedBody.TooLarge.class).transform(e -> tooLarge())
                .onItemOrFailure().call((answer, failure) -> body.discardRest())
                .map(answer -> {
                    try (var s = LogFields.with(LogFields.SESSION_ID, id)) {
                        LOG.debugf("frame upload → capture-ingest %d", answer.status());
                    }
                    var response = Response.status(answer.status()).entity(answer.body());
                    if (answer.contentType() != null) {
                        response.type(answer.contentType());
                    }
                    return response.build();
                });
    }

    /** The answer capture-ingest gives and the gateway relays as is (the document's shape of it). */
    public record Uploaded(List<Ack> data) {
        /** A stored frame. */
        public record Ack(String id, long tMs, boolean keyframe) {}
    }

    /** What the headers alone show to be wrong (the body is not read for it). */
    private static void checkBeforeReading(String contentType, long declaredLength) {
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith(MediaType.MULTIPART_FORM_DATA)) {
            throw ApiException.invalidRequest("frames are uploaded as multipart/form-data (a metadata part and one image/webp part per frame)", HttpHeaders.CONTENT_TYPE);
        }
        if (declaredLength == 0) {
            throw ApiException.invalidRequest("the upload is empty", HttpHeaders.CONTENT_LENGTH);
        }
        if (declaredLength > Limits.FRAME_UPLOAD_MAX_BYTES) {
            throw tooLarge();
        }
    }

    private static ApiException tooLarge() {
        return ApiException.invalidRequest("the upload is over " + Limits.FRAME_UPLOAD_MAX_BYTES
                + " bytes (32 MiB), the most accepted per request; send fewer frames per request", HttpHeaders.CONTENT_LENGTH);
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
