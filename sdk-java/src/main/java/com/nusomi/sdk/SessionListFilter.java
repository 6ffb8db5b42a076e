package com.nusomi.sdk;

/**
 * Filters of {@code GET /v1/sessions} (SPEC §4); null fields are not sent.
 *
 * @param workflow  slug
 * @param status    created, recording, stopped, sealed
 * @param outcome   success, error, abandoned
 * @param actorKind human, model, script
 * @param tag       tag name
 * @param since     ISO-8601 lower bound of creation
 * @param until     ISO-8601 upper bound of creation
 * @param paging    page size and starting cursor
 */
public record SessionListFilter(String workflow, String status, String outcome, String actorKind, String tag,
                                String since, String until, ListOptions paging) {
    /** Every session, 100 a page. */
    public static final SessionListFilter ALL = new SessionListFilter(null, null, null, null, null, null, null,
            ListOptions.DEFAULT);

    public SessionListFilter {
        paging = paging == null ? ListOptions.DEFAULT : paging;
    }

    /** The sessions of one workflow. */
    public static SessionListFilter workflow(String slug) {
        return ALL.withWorkflow(slug);
    }

    public SessionListFilter withWorkflow(String value) {
        return new SessionListFilter(value, status, outcome, actorKind, tag, since, until, paging);
    }

    public SessionListFilter withStatus(String value) {
        return new SessionListFilter(workflow, value, outcome, actorKind, tag, since, until, paging);
    }

    public SessionListFilter withOutcome(String value) {
        return new SessionListFilter(workflow, status, value, actorKind, tag, since, until, paging);
    }

    public SessionListFilter withActorKind(String value) {
        return new SessionListFilter(workflow, status, outcome, value, tag, since, until, paging);
    }

    public SessionListFilter withTag(String value) {
        return new SessionListFilter(workflow, status, outcome, actorKind, value, since, until, paging);
    }

    public SessionListFilter withSince(String value) {
        return new SessionListFilter(workflow, status, outcome, actorKind, tag, value, until, paging);
    }

    public SessionListFilter withUntil(String value) {
        return new SessionListFilter(workflow, status, outcome, actorKind, tag, since, value, paging);
    }

    public SessionListFilter withPageSize(int value) {
        return new SessionListFilter(workflow, status, outcome, actorKind, tag, since, until,
                new ListOptions(value, paging.cursor()));
    }
}
