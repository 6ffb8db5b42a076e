package com.nusomi.exportplanner.support;

import com.nusomi.contracts.IdPrefix;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The catalog every planner test reads, seeded once per JVM: two sealed sessions of the workflow in the workspace
 * (plus sessions that must never be exported: another workspace, not sealed, another workflow, sealed after the
 * request), each with frames and events.
 */
public final class CatalogFixture {
    public static final String WORKFLOW = "process_invoice";
    public static final String OTHER_WORKFLOW = "approve_refund";
    public static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    /** About 3 KB of DOM per frame, so that rows are of similar, known size. */
    public static final String BIG_DOM = "{\"tag\": \"body\", \"text\": \"" + "x".repeat(3000) + "\"}";

    public static final String WORKSPACE = IdPrefix.WORKSPACE.newId();
    public static final String OTHER_WORKSPACE = IdPrefix.WORKSPACE.newId();

    private static CatalogFixture seeded;

    /** {@code success}, human, 5 s, created T0. */
    public final String success;
    /** {@code error}, model, 60 s, tagged "gold", created T0 + 1 h. */
    public final String error;
    /** A frame of {@link #success} at t_ms 500 without events, not a keyframe. */
    public final String quietFrame;
    /** Sessions that match the workflow and workspace of no planner request, or are not exportable. */
    public final Set<String> neverExported;
    public final List<Seeded> events = new ArrayList<>();

    public static synchronized CatalogFixture get() {
        if (seeded == null) {
            CatalogSeed.migrate();
            seeded = new CatalogFixture();
        }
        return seeded;
    }

    private CatalogFixture() {
        success = CatalogSeed.session(WORKSPACE, WORKFLOW, "sealed", "success", "human", T0, T0.plus(Duration.ofMinutes(10)),
                5_000L, "[]");
        String f1 = CatalogSeed.frame(success, WORKSPACE, 0, BIG_DOM);
        quietFrame = CatalogSeed.frame(success, WORKSPACE, 500, BIG_DOM, false);
        String f2 = CatalogSeed.frame(success, WORKSPACE, 1000, BIG_DOM);
        event(success, "success", f1, 0, "click",
                "{\"x\": 612, \"y\": 388, \"target\": {\"role\": \"button\", \"name\": \"Approve\"}, \"modifiers\": []}", 1.0);
        event(success, "success", f1, 0, "input_text", "{\"field\": \"amount\", \"value\": \"[masked]\", \"target\": null}", 1.0);
        event(success, "success", f2, 1500, "success", "{\"marker\": \"approved\"}", 1.0);

        Instant t1 = T0.plus(Duration.ofHours(1));
        error = CatalogSeed.session(WORKSPACE, WORKFLOW, "sealed", "error", "model", t1, t1.plus(Duration.ofMinutes(10)),
                60_000L, "[{\"name\": \"gold\", \"data\": null, \"t_ms\": 0}]");
        String f3 = CatalogSeed.frame(error, WORKSPACE, 0, BIG_DOM);
        event(error, "error", f3, 10, "click", "{\"x\": 10, \"y\": 20, \"target\": null, \"modifiers\": [\"shift\"]}", 0.99);
        event(error, "error", f3, 15, "wait", "{\"duration_ms\": 1200, \"reason\": \"spinner\"}", 0.5);
        event(error, "error", f3, 20, "error", "{\"kind\": \"validation\", \"message\": \"amount is required\"}", 1.0);

        String otherWorkspace = CatalogSeed.session(OTHER_WORKSPACE, WORKFLOW, "sealed", "success", "human", T0,
                T0.plusSeconds(60), 5_000L, "[]");
        String notSealed = CatalogSeed.session(WORKSPACE, WORKFLOW, "stopped", null, "human", T0, null, null, "[]");
        String otherWorkflow = CatalogSeed.session(WORKSPACE, OTHER_WORKFLOW, "sealed", "success", "human", T0,
                T0.plusSeconds(60), 5_000L, "[]");
        String sealedLater = CatalogSeed.session(WORKSPACE, WORKFLOW, "sealed", "success", "human", T0,
                Instant.now().plus(Duration.ofDays(1)), 5_000L, "[]");
        for (String session : List.of(otherWorkspace, notSealed, otherWorkflow, sealedLater)) {
            String workspace = session.equals(otherWorkspace) ? OTHER_WORKSPACE : WORKSPACE;
            String frame = CatalogSeed.frame(session, workspace, 0, BIG_DOM);
            CatalogSeed.event(session, workspace, frame, 5, "click", "{\"x\": 1, \"y\": 2}", 1.0);
        }
        neverExported = Set.of(otherWorkspace, notSealed, otherWorkflow, sealedLater);
    }

    private void event(String session, String outcome, String frame, long tMs, String type, String payload,
                       double confidence) {
        String id = CatalogSeed.event(session, WORKSPACE, frame, tMs, type, payload, confidence);
        events.add(new Seeded(session, id, frame, tMs, outcome, confidence));
    }

    /** The rows an export of {@link #WORKFLOW} should have, computed independently of the planner. */
    public List<ExpectedRow> expectedRows(Predicate<Seeded> keep) {
        var kept = events.stream().filter(keep)
                .sorted(Comparator.comparing(Seeded::sessionId).thenComparingLong(Seeded::tMs).thenComparing(Seeded::eventId))
                .toList();
        var rows = new ArrayList<ExpectedRow>();
        Seeded previous = null;
        for (var event : kept) {
            String prior = previous != null && previous.sessionId().equals(event.sessionId()) ? previous.eventId() : null;
            rows.add(new ExpectedRow(event.sessionId(), event.tMs(), event.frameId(), event.eventId(), prior, event.outcome()));
            previous = event;
        }
        return rows;
    }

    /** An event as seeded. */
    public record Seeded(String sessionId, String eventId, String frameId, long tMs, String outcome, double confidence) {}

    /** A plan row as expected. */
    public record ExpectedRow(String sessionId, long tMs, String frameId, String eventId, String priorEventId, String outcome) {}
}
