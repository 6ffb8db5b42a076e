package com.nusomi.apigateway.stream;

import com.nusomi.contracts.avro.ExportStatus;

/** What {@link LiveFeed} hands to an open stream. */
public sealed interface Live {

    /** An event read from {@code nusomi.events} at {@code partition}/{@code offset}; {@code workflow} only for workflow streams. */
    record EventArrived(StreamEvent event, String workflow, int partition, long offset) implements Live {}

    /** The session was sealed or deleted and every event it has was handed out before this. */
    record SessionEnded(String sessionId, String status) implements Live {}

    /** A status of an export from {@code nusomi.exports.status}. */
    record ExportChanged(ExportStatus status) implements Live {}
}
