package com.nusomi.apigateway.rest;

import com.nusomi.apigateway.auth.CurrentCaller;
import com.nusomi.apigateway.auth.RequiresScope;
import com.nusomi.apigateway.auth.Scope;
import com.nusomi.apigateway.mapping.FrameView;
import com.nusomi.apigateway.persistence.FrameRow;
import com.nusomi.apigateway.service.FrameService;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.Duration;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

/** {@code /v1/frames/{id}}: one frame, and its WebP (streamed from the object store, or a 302 to a signed URL). */
@Path("/v1/frames")
public class FrameReadsResource {
    static final String WEBP = "image/webp";
    private static final Duration LOOKUP = Duration.ofSeconds(10);

    private final FrameService frames;
    private final CurrentCaller caller;

    FrameReadsResource(FrameService frames, CurrentCaller caller) {
        this.frames = frames;
        this.caller = caller;
    }

    @GET
    @Path("/{id}")
    @Produces(MediaType.APPLICATION_JSON)
    @RequiresScope(Scope.READ)
    public Uni<FrameView> get(@RestPath String id) {
        return frames.get(caller.workspaceId(), id).map(frame -> FrameView.of(frame, frames.imageUrl(frame)));
    }

    /**
     * The frame's WebP bytes, streamed (worker thread: the object store client blocks), with its SHA-256 as ETag;
     * {@code ?redirect=true} answers 302 to the signed URL instead, for clients that fetch from the store directly.
     */
    @GET
    @Path("/{id}/image")
    @Produces({WEBP, MediaType.APPLICATION_JSON})
    @RequiresScope(Scope.READ)
    @Blocking
    public Response image(@RestPath String id, @RestQuery String redirect) {
        FrameRow frame = frames.get(caller.workspaceId(), id).await().atMost(LOOKUP);
        if ("true".equals(redirect)) {
            return Response.status(Response.Status.FOUND).location(URI.create(frames.imageUrl(frame))).build();
        }
        var image = frames.image(frame);
        return Response.ok(image, WEBP)
                .header(HttpHeaders.CONTENT_LENGTH, image.response().contentLength())
                .header(HttpHeaders.ETAG, "\"" + frame.imageSha256() + "\"")
                .header(HttpHeaders.CACHE_CONTROL, "private, max-age=3600")
                .build();
    }
}
