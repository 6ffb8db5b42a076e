package com.nusomi.shardwriter.service;

import com.nusomi.contracts.avro.ShardTask;
import com.nusomi.shardwriter.config.ShardWriterConfig;
import com.nusomi.shardwriter.destination.Destination;
import com.nusomi.shardwriter.destination.Destinations;
import com.nusomi.shardwriter.destination.ObjectUpload;
import com.nusomi.shardwriter.format.ShardFormat;
import com.nusomi.shardwriter.format.ShardFormats;
import com.nusomi.shardwriter.format.ShardRow;
import com.nusomi.shardwriter.persistence.CatalogReader;
import com.nusomi.shardwriter.persistence.PlanRow;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Set;

/**
 * Writes one shard: reads its rows from the catalog batch by batch, copies each frame image into the destination,
 * renders the rows in the task's format and streams them to the destination while hashing (SHA-256). Blocking: run
 * it on a worker thread. The same task always yields the same bytes under the same key, so a redelivery is harmless.
 */
@ApplicationScoped
public class ShardBuilder {
    private final CatalogReader catalog;
    private final Destinations destinations;
    private final ShardFormats formats;
    private final int batchRows;

    ShardBuilder(CatalogReader catalog, Destinations destinations, ShardFormats formats, ShardWriterConfig config) {
        this.catalog = catalog;
        this.destinations = destinations;
        this.formats = formats;
        this.batchRows = Math.max(1, config.catalogBatchRows());
    }

    /** @throws ShardFailedException when the shard cannot be written; other exceptions are worth a retry */
    public WrittenShard write(ShardTask task) {
        ShardFormat format = formats.forFormat(task.getFormat())
                .orElseThrow(() -> new ShardFailedException("format " + task.getFormat() + " is not supported yet"));
        String name = checkedObjectName(task.getObjectName());
        Destination destination = destinations.of(task);
        MessageDigest sha256 = sha256();
        Counts counts = new Counts();
        try (ObjectUpload upload = destination.upload(name, format.contentType())) {
            try (ShardFormat.RowSink sink = format.open(new DigestOutputStream(upload, sha256))) {
                writeRows(task, destination, sink, counts);
            }
            upload.complete();
            return new WrittenShard(destination.bucket(), destination.key(name), upload.size(), counts.rows,
                    counts.frames, counts.actions, HexFormat.of().formatHex(sha256.digest()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void writeRows(ShardTask task, Destination destination, ShardFormat.RowSink sink, Counts counts) throws IOException {
        Set<String> imagesInPlace = new HashSet<>();
        for (PlanRow planned : catalog.rows(task, batchRows)) {
            ShardRow row = RowAssembler.assemble(planned, destination::imageUrl);
            if (row.hasFrame() && imagesInPlace.add(row.frame().imageSha256())) {
                destination.ensureImage(RowAssembler.imageOf(planned.frame()));
            }
            sink.write(row);
            counts.add(row, planned.frameId());
        }
    }

    /** Object names are relative to the export's location: no absolute paths, no escaping it. */
    private static String checkedObjectName(String name) {
        if (name == null || name.isBlank() || name.startsWith("/") || name.contains("..") || name.contains("\\")) {
            throw new ShardFailedException("invalid shard object name '" + name + "'");
        }
        return name;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /** Rows, distinct frames (two events on one frame share it, as the planner counts) and actions of a shard. */
    private static final class Counts {
        final Set<String> frameIds = new HashSet<>();
        long rows;
        long frames;
        long actions;

        void add(ShardRow row, String frameId) {
            rows++;
            if (row.hasFrame() && frameIds.add(frameId)) {
                frames++;
            }
            if (row.hasAction()) {
                actions++;
            }
        }
    }
}
