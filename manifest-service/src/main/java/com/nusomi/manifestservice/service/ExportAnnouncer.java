package com.nusomi.manifestservice.service;

import com.nusomi.contracts.avro.ExportStatus;
import io.smallrye.mutiny.Uni;

/**
 * Tells the outside world an export finished, after its final status is on {@code nusomi.exports.status}.
 * Signed webhooks ({@code export.completed|failed}, durable retries) and SSE are later implementations of this.
 */
public interface ExportAnnouncer {

    /** Called once per export reaching {@code completed} or {@code failed}; a failure here does not undo the export. */
    Uni<Void> announce(ExportStatus finalStatus);
}
