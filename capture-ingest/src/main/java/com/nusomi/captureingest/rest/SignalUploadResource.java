package com.nusomi.captureingest.rest;

import com.nusomi.captureingest.service.SignalIngestService;
import com.nusomi.contracts.ErrorCode;
import com.nusomi.contracts.Headers;
import com.nusomi.contracts.IdPrefix;
import com.nusomi.kit.api.ApiException;
import com.nusomi.kit.logging.LogFields;
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

/**
 * {@code POST /internal/v1/sessions/{id}/signals}: raw input signals from capture agents (docs/capture.md), beside the
 * frames. Capture agents call it directly (DESIGN: agents talk to capture-ingest), so it checks the session itself:
 * it must exist and be recording. {@code X-Nusomi-Workspace} is optional; when sent, the session must be that
 * workspace's.
 */
@Path("/internal/v1/sessions/{id}/signals")
public class SignalUploadResource {
    private final SignalBatchReader reader;
    private final SignalIngestService ingest;

    SignalUploadResource(SignalBatchReader reader, SignalIngestService ingest) {
        this.reader = reader;
        this.ingest = ingest;
    }

    /** The answer: one entry per signal, in request order. */
    public record SignalList(List<SignalIngestService.StoredSignal> data) {}

    @POST
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<RestResponse<SignalList>> upload(@RestPath String id, @RestHeader(Headers.WORKSPACE_ID) String workspaceId,
                                                String body) {
        if (!IdPrefix.SESSION.matches(id)) {
            throw new ApiException(ErrorCode.SESSION_NOT_FOUND, "no session " + id, "id");
        }
        if (workspaceId != null && !IdPrefix.WORKSPACE.matches(workspaceId)) {
            throw ApiException.invalidRequest("header " + Headers.WORKSPACE_ID + " must be a workspace id (wsp_…)", Headers.WORKSPACE_ID);
        }
        try (var s = LogFields.with(LogFields.SESSION_ID, id)) {
            return ingest.recordingSession(id, workspaceId)
                    .map(workspace -> reader.read(id, workspace, body))
                    .chain(ingest::ingest)
                    .map(stored -> RestResponse.status(RestResponse.Status.CREATED, new SignalList(stored)));
        }
    }
}
