package com.nusomi.apigateway.auth;

import jakarta.enterprise.context.RequestScoped;

/** The caller of the request being served, set by {@link AuthFilter} before any resource method runs. */
@RequestScoped
public class CurrentCaller {
    private Caller caller;

    void set(Caller caller) {
        this.caller = caller;
    }

    public Caller get() {
        if (caller == null) {
            throw new IllegalStateException("no authenticated caller: the resource lacks an access annotation");
        }
        return caller;
    }

    /** The caller's workspace; only workspace endpoints ask, and only workspace keys reach them. */
    public String workspaceId() {
        return get().workspaceId();
    }
}
