package com.nusomi.exportplanner.service;

import java.util.ArrayList;
import java.util.List;

/**
 * Cuts a sequence of rows, given their estimated sizes in order, into consecutive shards of about
 * {@code targetBytes}: a shard closes when adding the next row would exceed the target and the shard already holds a
 * row, so a row larger than the target forms a shard alone. No row-count cap: a task names a range of rows, whatever
 * their number. Depends on nothing but its input, so the same sizes and target always give the same boundaries.
 */
public final class ShardCutter {
    private final long targetBytes;
    private final List<ShardSpan> closed = new ArrayList<>();
    private long nextRow;
    private long openFirstRow;
    private long openRows;
    private long openBytes;

    public ShardCutter(long targetBytes) {
        if (targetBytes < 1) {
            throw new IllegalArgumentException("targetBytes must be positive: " + targetBytes);
        }
        this.targetBytes = targetBytes;
    }

    /** Cuts {@code rowBytes} in one call. */
    public static List<ShardSpan> cut(long targetBytes, long... rowBytes) {
        var cutter = new ShardCutter(targetBytes);
        for (long bytes : rowBytes) {
            cutter.add(bytes);
        }
        return cutter.shards();
    }

    /** Appends the next row. */
    public void add(long rowBytes) {
        if (rowBytes < 0) {
            throw new IllegalArgumentException("row size cannot be negative: " + rowBytes);
        }
        if (openRows > 0 && openBytes + rowBytes > targetBytes) {
            close();
        }
        if (openRows == 0) {
            openFirstRow = nextRow;
        }
        openRows++;
        openBytes += rowBytes;
        nextRow++;
    }

    /** Every shard so far, the last one included even though more rows could still join it. */
    public List<ShardSpan> shards() {
        var all = new ArrayList<>(closed);
        if (openRows > 0) {
            all.add(new ShardSpan(closed.size(), openFirstRow, openRows, openBytes));
        }
        return List.copyOf(all);
    }

    /** Rows added so far. */
    public long rows() {
        return nextRow;
    }

    private void close() {
        closed.add(new ShardSpan(closed.size(), openFirstRow, openRows, openBytes));
        openRows = 0;
        openBytes = 0;
    }

    /** Rows {@code firstRow … firstRow + rows - 1} (0-based, in export order) form shard {@code index}. */
    public record ShardSpan(int index, long firstRow, long rows, long estimatedBytes) {}
}
