package com.nusomi.sdk;

import com.nusomi.sdk.model.ExportCreate;
import com.nusomi.sdk.model.ExportData;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code nusomi.exports()}: turn sealed sessions into datasets in your bucket (SPEC §6). */
public final class Exports {
    private final HttpTransport http;

    Exports(HttpTransport http) {
        this.http = http;
    }

    /** Queues an export (202, {@code status: queued}); {@code create(…).waitFor()} answers it completed. */
    public Export create(ExportCreate input) {
        return new Export(this, http.json(HttpTransport.Call.post("/v1/exports", input), ExportData.class));
    }

    public Export get(String id) {
        return new Export(this, http.json(HttpTransport.Call.get("/v1/exports/" + HttpTransport.encode(id)),
                ExportData.class));
    }

    /** Every export, newest first. */
    public ListResult<Export> list() {
        return list(ExportListFilter.ALL);
    }

    /** Exports newest first (workflow, status, tag), paged lazily. */
    public ListResult<Export> list(ExportListFilter filter) {
        Map<String, String> q = new LinkedHashMap<>();
        q.put("workflow", filter.workflow());
        q.put("status", filter.status());
        q.put("tag", filter.tag());
        return http.list("/v1/exports", q, filter.paging(), ExportData.class).map(d -> new Export(this, d));
    }

    HttpTransport http() {
        return http;
    }
}
