package com.nusomi.manifestservice.service;

import com.nusomi.contracts.avro.ExportStatus;
import io.quarkus.arc.DefaultBean;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** Announces nothing: webhooks and SSE are not built yet; status consumers read nusomi.exports.status. */
@DefaultBean
@ApplicationScoped
public class NoopExportAnnouncer implements ExportAnnouncer {
    @Override
    public Uni<Void> announce(ExportStatus finalStatus) {
        return Uni.createFrom().voidItem();
    }
}
