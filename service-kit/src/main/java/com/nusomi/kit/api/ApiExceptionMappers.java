package com.nusomi.kit.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.nusomi.contracts.ErrorCode;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Turns every failure into the SPEC §4 envelope; nothing leaves as an HTML page or a stack trace. */
public class ApiExceptionMappers {
    private static final Logger LOG = Logger.getLogger(ApiExceptionMappers.class);

    @ServerExceptionMapper
    public Response api(ApiException e, ContainerRequestContext request) {
        return respond(e.httpStatus(), e.code().code(), e.getMessage(), e.param(), request);
    }

    @ServerExceptionMapper
    public Response badJson(JsonProcessingException e, ContainerRequestContext request) {
        return respond(400, ErrorCode.INVALID_REQUEST.code(), "request body is not valid JSON: " + e.getOriginalMessage(), null, request);
    }

    @ServerExceptionMapper
    public Response notFound(NotFoundException e, ContainerRequestContext request) {
        return respond(404, ErrorCode.INVALID_REQUEST.code(), "no such endpoint: " + request.getMethod() + " " + request.getUriInfo().getPath(), null, request);
    }

    @ServerExceptionMapper
    public Response notAllowed(NotAllowedException e, ContainerRequestContext request) {
        return respond(405, ErrorCode.INVALID_REQUEST.code(), "method " + request.getMethod() + " is not allowed here", null, request);
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e, ContainerRequestContext request) {
        int status = e.getResponse().getStatus();
        if (status >= 500) {
            LOG.error("request failed", e);
            return respond(500, ErrorCode.INTERNAL_ERROR.code(), "internal error", null, request);
        }
        return respond(status, ErrorCode.INVALID_REQUEST.code(), e.getMessage(), null, request);
    }

    @ServerExceptionMapper
    public Response unexpected(Exception e, ContainerRequestContext request) {
        LOG.error("request failed", e);
        return respond(500, ErrorCode.INTERNAL_ERROR.code(), "internal error", null, request);
    }

    public static Response respond(int status, String code, String message, String param, ContainerRequestContext request) {
        return Response.status(status)
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(ErrorEnvelope.of(code, message, param, RequestIds.of(request)))
                .build();
    }
}
