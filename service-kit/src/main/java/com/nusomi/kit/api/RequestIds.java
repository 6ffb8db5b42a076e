package com.nusomi.kit.api;

import com.nusomi.contracts.Headers;
import com.nusomi.contracts.IdPrefix;
import com.nusomi.kit.logging.LogFields;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.ext.Provider;
import org.jboss.logging.MDC;

/**
 * Every answer carries {@code X-Request-Id: req_…}. An internal caller (the gateway) may pass its own id on,
 * so one request keeps one id across services.
 */
@Provider
@PreMatching
public class RequestIds implements ContainerRequestFilter, ContainerResponseFilter {
    static final String PROPERTY = "nusomi.request_id";

    @Override
    public void filter(ContainerRequestContext request) {
        String incoming = request.getHeaderString(Headers.REQUEST_ID);
        String id = IdPrefix.REQUEST.matches(incoming) ? incoming : IdPrefix.REQUEST.newId();
        request.setProperty(PROPERTY, id);
        MDC.put(LogFields.REQUEST_ID, id);
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        response.getHeaders().putSingle(Headers.REQUEST_ID, of(request));
        MDC.remove(LogFields.REQUEST_ID);
    }

    /** The id of the request being answered. */
    public static String of(ContainerRequestContext request) {
        Object id = request.getProperty(PROPERTY);
        return id != null ? id.toString() : IdPrefix.REQUEST.newId();
    }
}
