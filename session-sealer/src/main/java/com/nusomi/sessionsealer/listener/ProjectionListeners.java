package com.nusomi.sessionsealer.listener;

import com.nusomi.contracts.avro.Event;
import com.nusomi.contracts.avro.FrameCaptured;
import com.nusomi.kit.kafka.GuardedConsumer;
import com.nusomi.kit.kafka.KafkaClients;
import com.nusomi.sessionsealer.service.CatalogProgress;
import com.nusomi.sessionsealer.service.CatalogProjection;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.common.IsolationLevel;

/**
 * Runs the two catalog projections: {@code nusomi.capture.frames} and {@code nusomi.events} (read-committed: the
 * extractor writes it transactionally), each in its own consumer group.
 */
@ApplicationScoped
public class ProjectionListeners {
    private final GuardedConsumer guarded;
    private final CatalogProjection projection;
    private final CatalogProgress progress;
    private final KafkaClients clients;
    private List<ProjectionConsumer> consumers = List.of();

    ProjectionListeners(GuardedConsumer guarded, CatalogProjection projection, CatalogProgress progress,
                        KafkaClients clients) {
        this.guarded = guarded;
        this.projection = projection;
        this.progress = progress;
        this.clients = clients;
    }

    void start(@Observes StartupEvent ignored) {
        var frames = new ProjectionConsumer("frames-projection", clients, IsolationLevel.READ_UNCOMMITTED,
                progress.frames(),
                record -> guarded.consume(record, progress.frames().group(), FrameCaptured.class, projection::frame));
        var events = new ProjectionConsumer("events-projection", clients, IsolationLevel.READ_COMMITTED,
                progress.events(),
                record -> guarded.consume(record, progress.events().group(), Event.class, projection::event));
        consumers = List.of(frames, events);
        consumers.forEach(ProjectionConsumer::start);
    }

    void stop(@Observes ShutdownEvent ignored) {
        consumers.forEach(ProjectionConsumer::stop);
    }

    /** Names of projections that stopped or have been stuck on one record for longer than {@code maxStuck}. */
    public List<String> unhealthy(Duration maxStuck) {
        return consumers.stream().filter(c -> !c.healthy(maxStuck)).map(ProjectionConsumer::name).toList();
    }

    public boolean started() {
        return !consumers.isEmpty();
    }
}
