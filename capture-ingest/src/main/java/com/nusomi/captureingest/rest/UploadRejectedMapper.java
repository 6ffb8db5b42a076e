package com.nusomi.captureingest.rest;

import com.nusomi.captureingest.service.UploadRejectedException;
import com.nusomi.kit.api.ApiExceptionMappers;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** A refused upload in the SPEC error envelope, with its own status (400, or 409 for another image at a stored t_ms). */
public class UploadRejectedMapper {

    @ServerExceptionMapper
    public Response rejected(UploadRejectedException e, ContainerRequestContext request) {
        return ApiExceptionMappers.respond(e.httpStatus(), e.code().code(), e.getMessage(), e.param(), request);
    }
}
