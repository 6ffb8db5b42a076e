package com.nusomi.apigateway.auth;

import com.nusomi.apigateway.persistence.KeyRepository;
import com.nusomi.apigateway.persistence.KeyRow;
import com.nusomi.contracts.ErrorCode;
import com.nusomi.kit.api.ApiExceptionMappers;
import com.nusomi.kit.logging.LogFields;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.lang.reflect.Method;
import java.util.EnumSet;
import java.util.Set;
import org.jboss.logging.MDC;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * Authenticates {@code Authorization: Bearer <key>} against the hashed keys and enforces each endpoint's access rule
 * ({@link OperatorOnly} or {@link RequiresScope}). An endpoint without a rule is refused: access is never implicit.
 */
public class AuthFilter {
    private static final String BEARER = "Bearer ";

    private final KeyRepository keys;
    private final CurrentCaller current;

    AuthFilter(KeyRepository keys, CurrentCaller current) {
        this.keys = keys;
        this.current = current;
    }

    @ServerRequestFilter(priority = Priorities.AUTHENTICATION)
    public Uni<Response> authenticate(ContainerRequestContext request, ResourceInfo resource) {
        Method method = resource.getResourceMethod();
        if (method == null || !resource.getResourceClass().getPackageName().startsWith("com.nusomi.apigateway")) {
            return Uni.createFrom().nullItem();
        }
        String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (header == null || header.isBlank()) {
            return deny(request, ErrorCode.MISSING_AUTHORIZATION, "Authorization: Bearer <api key> is required");
        }
        if (!header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return deny(request, ErrorCode.MISSING_AUTHORIZATION, "the Authorization header must be 'Bearer <api key>'");
        }
        String secret = header.substring(BEARER.length()).trim();
        if (secret.isEmpty()) {
            return deny(request, ErrorCode.MISSING_AUTHORIZATION, "the Authorization header carries no key");
        }
        return keys.findLive(KeySecrets.hash(secret)).map(found -> {
            if (found.isEmpty()) {
                return denial(request, ErrorCode.INVALID_API_KEY, "the API key is unknown or revoked");
            }
            if (found.get().workspaceDisabled()) {
                return denial(request, ErrorCode.WORKSPACE_DISABLED,
                        "the key's workspace is disabled; the installation's operator can enable it again");
            }
            Caller caller = callerOf(found.get().key());
            Response refused = authorize(request, caller, method, resource.getResourceClass());
            if (refused == null) {
                current.set(caller);
                if (!caller.isOperator()) {
                    MDC.put(LogFields.WORKSPACE_ID, caller.workspaceId());
                }
            }
            return refused;
        });
    }

    @ServerResponseFilter
    public void clearLogFields(ContainerResponseContext response) {
        MDC.remove(LogFields.WORKSPACE_ID);
    }

    private static Response authorize(ContainerRequestContext request, Caller caller, Method method, Class<?> type) {
        boolean operatorOnly = method.isAnnotationPresent(OperatorOnly.class) || type.isAnnotationPresent(OperatorOnly.class);
        RequiresScope scope = method.isAnnotationPresent(RequiresScope.class)
                ? method.getAnnotation(RequiresScope.class) : type.getAnnotation(RequiresScope.class);
        if (operatorOnly) {
            return caller.isOperator() ? null
                    : denial(request, ErrorCode.INSUFFICIENT_SCOPE, "only the installation's operator key may call this endpoint");
        }
        if (scope == null) {
            return denial(request, ErrorCode.INSUFFICIENT_SCOPE, "this endpoint declares no access rule");
        }
        if (caller.isOperator()) {
            return denial(request, ErrorCode.INSUFFICIENT_SCOPE,
                    "the operator key manages workspaces and cannot read or write workspace data; use a workspace key");
        }
        if (!caller.has(scope.value())) {
            return denial(request, ErrorCode.INSUFFICIENT_SCOPE,
                    "this endpoint needs the '" + scope.value().wire() + "' scope; the key has " + wire(caller.scopes()));
        }
        return null;
    }

    private static Caller callerOf(KeyRow key) {
        if (KeyRow.OPERATOR.equals(key.kind())) {
            return Caller.operator(key.id());
        }
        Set<Scope> scopes = EnumSet.noneOf(Scope.class);
        key.scopes().forEach(s -> Scope.fromWire(s).ifPresent(scopes::add));
        return new Caller(key.id(), key.workspaceId(), scopes);
    }

    private static String wire(Set<Scope> scopes) {
        return scopes.stream().map(Scope::wire).toList().toString();
    }

    private static Uni<Response> deny(ContainerRequestContext request, ErrorCode code, String message) {
        return Uni.createFrom().item(denial(request, code, message));
    }

    private static Response denial(ContainerRequestContext request, ErrorCode code, String message) {
        return ApiExceptionMappers.respond(code.httpStatus(), code.code(), message, null, request);
    }
}
