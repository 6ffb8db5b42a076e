package com.nusomi.exportplanner.service;

import com.nusomi.contracts.avro.ShardRowRef;
import com.nusomi.exportplanner.service.ShardCutter.ShardSpan;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Collects rows, arriving again in export order, into the shards a {@link ShardCutter} decided. */
final class ShardAssembler {
    private final List<ShardSpan> spans;
    private int current;
    private List<ShardRowRef> rows = new ArrayList<>();

    ShardAssembler(List<ShardSpan> spans) {
        this.spans = spans;
    }

    /** Adds the next row; returns the shard it completes, if it is that shard's last row. */
    Optional<AssembledShard> add(ShardRowRef row) {
        if (current >= spans.size()) {
            throw new IllegalStateException("more rows than planned (" + totalRows() + ")");
        }
        rows.add(row);
        var span = spans.get(current);
        if (rows.size() < span.rows()) {
            return Optional.empty();
        }
        var done = new AssembledShard(span.index(), List.copyOf(rows));
        rows = new ArrayList<>();
        current++;
        return Optional.of(done);
    }

    /** Checks that every planned shard was completed. */
    void finish() {
        if (current != spans.size() || !rows.isEmpty()) {
            throw new IllegalStateException("fewer rows than planned (" + totalRows() + "): stopped in shard " + current);
        }
    }

    private long totalRows() {
        return spans.stream().mapToLong(ShardSpan::rows).sum();
    }

    record AssembledShard(int index, List<ShardRowRef> rows) {}
}
