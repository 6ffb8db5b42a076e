package com.nusomi.sdk;

/**
 * Filters of {@code GET /v1/exports}; null fields are not sent.
 *
 * @param workflow slug
 * @param status   queued, running, completed, failed
 * @param tag      version tag: lists the export of that dataset version
 * @param paging   page size and starting cursor
 */
public record ExportListFilter(String workflow, String status, String tag, ListOptions paging) {
    /** Every export, 100 a page. */
    public static final ExportListFilter ALL = new ExportListFilter(null, null, null, ListOptions.DEFAULT);

    public ExportListFilter {
        paging = paging == null ? ListOptions.DEFAULT : paging;
    }

    /** The exports of one version tag. */
    public static ExportListFilter tag(String tag) {
        return new ExportListFilter(null, null, tag, ListOptions.DEFAULT);
    }

    public ExportListFilter withWorkflow(String value) {
        return new ExportListFilter(value, status, tag, paging);
    }

    public ExportListFilter withStatus(String value) {
        return new ExportListFilter(workflow, value, tag, paging);
    }

    public ExportListFilter withTag(String value) {
        return new ExportListFilter(workflow, status, value, paging);
    }

    public ExportListFilter withPageSize(int value) {
        return new ExportListFilter(workflow, status, tag, new ListOptions(value, paging.cursor()));
    }
}
