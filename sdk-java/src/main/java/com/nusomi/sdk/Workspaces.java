package com.nusomi.sdk;

import com.nusomi.sdk.model.Workspace;
import java.util.Map;

/** {@code nusomi.workspaces()} (operator key {@code nso_…} only): the tenants of an installation. */
public final class Workspaces {
    private final HttpTransport http;

    Workspaces(HttpTransport http) {
        this.http = http;
    }

    /** Creates a workspace; the answer's {@code adminKey} is shown only here. */
    public Workspace create(String name) {
        return http.json(HttpTransport.Call.post("/v1/workspaces", Map.of("name", name)), Workspace.class);
    }

    public ListResult<Workspace> list() {
        return http.list("/v1/workspaces", Map.of(), ListOptions.DEFAULT, Workspace.class);
    }
}
