package com.nusomi.shardwriter.service;

import com.nusomi.contracts.avro.ShardTask;
import com.nusomi.shardwriter.config.ShardWriterConfig;
import com.nusomi.shardwriter.destination.FrameImage;
import com.nusomi.shardwriter.format.ShardRow;
import com.nusomi.shardwriter.persistence.CatalogReader;
import com.nusomi.shardwriter.persistence.PlanRow;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Iterator;
import java.util.function.Function;

/**
 * The rows of a task — its range of the export's plan rows — in plan order, read from the planner's table joined with
 * the catalog a page at a time (bounded memory): the seam between loading rows and writing them.
 */
@ApplicationScoped
public class TaskRows {
    private final CatalogReader catalog;
    private final int pageRows;

    TaskRows(CatalogReader catalog, ShardWriterConfig config) {
        this.catalog = catalog;
        this.pageRows = Math.max(1, config.catalogBatchRows());
    }

    /** @param imageUrl how the destination names a frame image */
    public Iterator<ShardRow> rows(ShardTask task, Function<FrameImage, String> imageUrl) {
        Iterator<PlanRow> planned = catalog.rows(task, pageRows).iterator();
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return planned.hasNext();
            }

            @Override
            public ShardRow next() {
                PlanRow row = planned.next();
                return withFrameId(RowAssembler.assemble(row, imageUrl), row.frameId());
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
}
