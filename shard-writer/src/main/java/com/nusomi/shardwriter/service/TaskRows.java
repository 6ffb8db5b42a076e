package com.nusomi.shardwriter.service;

import com.nusomi.contracts.avro.ShardRowRef;
import com.nusomi.contracts.avro.ShardTask;
import com.nusomi.shardwriter.config.ShardWriterConfig;
import com.nusomi.shardwriter.destination.FrameImage;
import com.nusomi.shardwriter.format.ShardRow;
import com.nusomi.shardwriter.persistence.CatalogEvent;
import com.nusomi.shardwriter.persistence.CatalogFrame;
import com.nusomi.shardwriter.persistence.CatalogReader;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.function.Function;

/**
 * The rows of a task, in task order, resolved from the catalog a batch at a time (bounded memory): the seam between
 * loading rows and writing them.
 */
@ApplicationScoped
public class TaskRows {
    private final CatalogReader catalog;
    private final int batchRows;

    TaskRows(CatalogReader catalog, ShardWriterConfig config) {
        this.catalog = catalog;
        this.batchRows = Math.max(1, config.catalogBatchRows());
    }

    /** @param imageUrl how the destination names a frame image */
    public Iterator<ShardRow> rows(ShardTask task, Function<FrameImage, String> imageUrl) {
        List<ShardRowRef> refs = task.getRows();
        return new Iterator<>() {
            private final Deque<ShardRow> batch = new ArrayDeque<>();
            private int from;

            @Override
            public boolean hasNext() {
                if (batch.isEmpty() && from < refs.size()) {
                    load();
                }
                return !batch.isEmpty();
            }

            @Override
            public ShardRow next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return batch.removeFirst();
            }

            private void load() {
                List<ShardRowRef> refsOfBatch = refs.subList(from, Math.min(refs.size(), from + batchRows));
                from += refsOfBatch.size();
                Map<String, CatalogEvent> events = catalog.events(task.getWorkspaceId(), eventIds(refsOfBatch));
                Map<String, CatalogFrame> frames = catalog.frames(task.getWorkspaceId(), frameIds(refsOfBatch));
                for (ShardRowRef ref : refsOfBatch) {
                    batch.addLast(withFrameId(RowAssembler.assemble(ref, frames, events, imageUrl), ref.getFrameId()));
                }
            }
        };
    }

    private static ShardRow withFrameId(ShardRow row, String frameId) {
        if (!row.hasFrame() || frameId == null) {
            return row;
        }
        ShardRow.Frame f = row.frame();
        return new ShardRow(row.sessionId(), row.tMs(),
                new ShardRow.Frame(f.imageUrl(), f.imageSha256(), f.viewport(), f.dom(), f.accessibilityTree(), frameId),
                row.action(), row.context());
    }

    private static Set<String> eventIds(List<ShardRowRef> batch) {
        Set<String> ids = new LinkedHashSet<>();
        for (ShardRowRef ref : batch) {
            if (ref.getEventId() != null) {
                ids.add(ref.getEventId());
            }
            if (ref.getPriorEventId() != null) {
                ids.add(ref.getPriorEventId());
            }
        }
        return ids;
    }

    private static Set<String> frameIds(List<ShardRowRef> batch) {
        Set<String> ids = new LinkedHashSet<>();
        for (ShardRowRef ref : batch) {
            String id = RowAssembler.frameIdOf(ref);
            if (id != null) {
                ids.add(id);
            }
        }
        return ids;
    }
}
