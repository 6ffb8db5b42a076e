package com.nusomi.sdk;

import com.fasterxml.jackson.annotation.JsonValue;
import com.nusomi.sdk.model.ExportData;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * An export as the API answered it ({@link #data()}), with {@link #waitFor()}: it polls until the export completes and
 * answers the completed export, whose {@code manifestUrl()} is then set (SPEC §6). Immutable.
 * <pre>{@code
 * Export done = nusomi.exports().create(ExportCreate.builder()
 *         .workflow("process_invoice").format("webdataset")
 *         .destination(Destination.s3("my-bucket", "datasets/v1/", "us-east-1")).build())
 *     .waitFor();
 * System.out.println(done.manifestUrl());
 * }</pre>
 */
public final class Export {
    private final Exports resource;
    private final ExportData data;

    Export(Exports resource, ExportData data) {
        this.resource = resource;
        this.data = data;
    }

    /** The wire fields. */
    @JsonValue
    public ExportData data() {
        return data;
    }

    public String id() {
        return data.id();
    }

    /** queued, running, completed, failed. */
    public String status() {
        return data.status();
    }

    /** {@code s3://…} or {@code https://…} once completed, else null. */
    public String manifestUrl() {
        return data.manifestUrl();
    }

    /** Shards written so far (0 when not known yet). */
    public int shardsDone() {
        return data.shardsDone() == null ? 0 : data.shardsDone();
    }

    /** Shards planned, or null until planned. */
    public Integer shards() {
        return data.shards();
    }

    public Long rows() {
        return data.rows();
    }

    /** Completed or failed. */
    public boolean done() {
        return data.done();
    }

    /** Reloads the export (status, {@code shards_done}, {@code manifest_url}). */
    public Export refresh() {
        return resource.get(id());
    }

    /** Waits without limit, polling every second. */
    public Export waitFor() {
        return waitFor(Duration.ofSeconds(1), null, e -> { });
    }

    /** Waits at most {@code timeout}, polling every second. */
    public Export waitFor(Duration timeout) {
        return waitFor(Duration.ofSeconds(1), timeout, e -> { });
    }

    /**
     * Polls every {@code interval} until the export is completed and answers it; {@code onProgress} sees every poll
     * (status, {@code shardsDone} of {@code shards}). Throws a NusomiException with the export's error code (else
     * {@code export_failed}) when it fails, and {@code timeout} after {@code timeout} (null: no limit).
     */
    public Export waitFor(Duration interval, Duration timeout, Consumer<Export> onProgress) {
        long deadline = timeout == null ? Long.MAX_VALUE : System.nanoTime() + timeout.toNanos();
        Export current = this;
        boolean first = true;
        while (true) {
            if (!first || !current.done()) {
                current = current.refresh();
            }
            first = false;
            onProgress.accept(current);
            if ("completed".equals(current.status())) {
                return current;
            }
            if ("failed".equals(current.status())) {
                ExportData.ExportError error = current.data().error();
                throw new NusomiException(error == null ? NusomiException.EXPORT_FAILED : error.code(), "export " + id()
                        + " failed: " + (error == null ? "no reason given" : error.message()));
            }
            if (timeout != null && System.nanoTime() + interval.toNanos() > deadline) {
                throw new NusomiException(NusomiException.TIMEOUT, "export " + id() + " is still " + current.status()
                        + " (" + current.shardsDone() + "/" + (current.shards() == null ? "?" : current.shards())
                        + " shards) after " + timeout);
            }
            resource.http().pause(interval);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Export e && e.data.equals(data);
    }

    @Override
    public int hashCode() {
        return data.hashCode();
    }

    @Override
    public String toString() {
        return data.toString();
    }
}
