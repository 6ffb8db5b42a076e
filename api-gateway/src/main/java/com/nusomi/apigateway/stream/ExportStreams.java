package com.nusomi.apigateway.stream;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nusomi.apigateway.auth.Caller;
import com.nusomi.apigateway.config.GatewayConfig;
import com.nusomi.apigateway.persistence.ExportRow;
import com.nusomi.apigateway.service.ExportService;
import com.nusomi.apigateway.stream.Live.ExportChanged;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * {@code GET /v1/exports/{id}/stream}: the export as {@code GET /v1/exports/{id}} answers it ({@code event: status}),
 * again at every change of status or {@code shards_done}, and {@code event: end} once it is completed or failed.
 * Statuses come from the live feed; the stream subscribes before reading the stored export, and applying a status
 * twice or out of order changes nothing, so none is missed between the two.
 */
@ApplicationScoped
public class ExportStreams {
    private final LiveFeed feed;
    private final ExportService exports;
    private final StreamLimits limits;
    private final GatewayConfig.Stream config;
    private final Vertx vertx;

    ExportStreams(LiveFeed feed, ExportService exports, StreamLimits limits, GatewayConfig config, Vertx vertx) {
        this.feed = feed;
        this.exports = exports;
        this.limits = limits;
        this.config = config.stream();
        this.vertx = vertx;
    }

    /** {@code view} renders a stored export as the API shows it. */
    public Uni<EventStreams.Opened> open(Caller caller, String exportId, Function<ExportRow, ObjectNode> view) {
        Context context = Optional.ofNullable(Vertx.currentContext()).orElseGet(vertx::getOrCreateContext);
        var permit = limits.acquire(caller.keyId(), caller.workspaceId());
        var stream = new ExportStream();
        Runnable cancel = feed.subscribeExport(exportId, stream);
        return exports.get(caller.workspaceId(), exportId)
                .map(row -> new EventStreams.Opened(context, sink -> {
                    SseOutbox out = EventStreams.outbox(sink, context, config);
                    long keepalive = vertx.setPeriodic(config.keepalive().toMillis(),
                            id -> out.offerComment(SseFrames.KEEPALIVE));
                    sink.onTermination(() -> {
                        vertx.cancelTimer(keepalive);
                        out.close();
                        cancel.run();
                        permit.close();
                    });
                    stream.start(out, view.apply(row), ExportProgress.of(row));
                }))
                .onTermination().invoke((opened, failure, cancelled) -> {
                    if (failure != null || cancelled) {
                        cancel.run();
                        permit.close();
                    }
                });
    }

    /** One export stream: statuses held until the stored export was sent, then applied as they come. */
    private static final class ExportStream implements LiveFeed.Listener {
        private final List<ExportChanged> held = new ArrayList<>();
        private SseOutbox out;
        private ObjectNode view;
        private ExportProgress progress;

        @Override
        public synchronized void accept(Live item) {
            if (!(item instanceof ExportChanged changed)) {
                return;
            }
            if (out == null) {
                held.add(changed);
            } else {
                apply(changed);
            }
        }

        synchronized void start(SseOutbox out, ObjectNode view, ExportProgress stored) {
            this.out = out;
            this.view = view;
            this.progress = stored;
            send();
            held.forEach(this::apply);
            held.clear();
        }

        private void apply(ExportChanged changed) {
            progress.apply(changed.status()).ifPresent(next -> {
                progress = next;
                send();
            });
        }

        private void send() {
            ObjectNode data = progress.over(view);
            out.offer(SseFrames.named("status", data.toString()));
            if (progress.isFinal()) {
                out.end(SseFrames.named("end", JsonNodeFactory.instance.objectNode()
                        .put("export_id", data.path("id").asText()).put("status", progress.status()).toString()));
            }
        }
    }
}
