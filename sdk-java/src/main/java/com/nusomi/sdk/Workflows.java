package com.nusomi.sdk;

import com.nusomi.sdk.model.Workflow;
import java.util.Map;

/** {@code nusomi.workflows()}: the business processes sessions were recorded for. */
public final class Workflows {
    private final HttpTransport http;

    Workflows(HttpTransport http) {
        this.http = http;
    }

    /** Every workflow with its session count. */
    public ListResult<Workflow> list() {
        return http.list("/v1/workflows", Map.of(), ListOptions.DEFAULT, Workflow.class);
    }
}
