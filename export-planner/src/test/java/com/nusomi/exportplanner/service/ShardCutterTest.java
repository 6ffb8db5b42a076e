package com.nusomi.exportplanner.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nusomi.exportplanner.service.ShardCutter.ShardSpan;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ShardCutterTest {
    @Test
    void closesAShardWhenTheNextRowWouldExceedTheTarget() {
        var shards = ShardCutter.cut(1000, 400, 400, 400, 400, 400);

        assertEquals(List.of(
                new ShardSpan(0, 0, 2, 800),
                new ShardSpan(1, 2, 2, 800),
                new ShardSpan(2, 4, 1, 400)), shards);
    }

    @Test
    void aShardMayFillTheTargetExactly() {
        var shards = ShardCutter.cut(800, 400, 400, 400);

        assertEquals(List.of(new ShardSpan(0, 0, 2, 800), new ShardSpan(1, 2, 1, 400)), shards);
    }

    @Test
    void anOversizedRowIsAShardAlone() {
        var shards = ShardCutter.cut(1000, 100, 5000, 100, 100);

        assertEquals(List.of(
                new ShardSpan(0, 0, 1, 100),
                new ShardSpan(1, 1, 1, 5000),
                new ShardSpan(2, 2, 2, 200)), shards);
    }

    @Test
    void anOversizedFirstRowIsAShardAlone() {
        var shards = ShardCutter.cut(1000, 5000, 100);

        assertEquals(List.of(new ShardSpan(0, 0, 1, 5000), new ShardSpan(1, 1, 1, 100)), shards);
    }

    @Test
    void noRowsMeanNoShards() {
        assertEquals(List.of(), ShardCutter.cut(1000));
    }

    @Test
    void manySmallRowsShareOneShardWhateverTheirNumber() {
        long[] sizes = new long[100_000];
        java.util.Arrays.fill(sizes, 100);

        var shards = ShardCutter.cut(256L * 1024 * 1024, sizes);

        assertEquals(List.of(new ShardSpan(0, 0, 100_000, 10_000_000)), shards);
    }

    @Test
    void sameRowsAndTargetGiveTheSameBoundaries() {
        long[] sizes = new Random(42).longs(10_000, 1, 50_000).toArray();

        var first = ShardCutter.cut(1 << 20, sizes);
        var second = ShardCutter.cut(1 << 20, sizes.clone());

        assertEquals(first, second);
        assertTrue(first.size() > 100, "expected many shards, got " + first.size());
    }

    @Test
    void shardsCoverEveryRowOnceInOrderAndRespectTheTarget() {
        long target = 100_000;
        long[] sizes = new Random(7).longs(5_000, 1, 150_000).toArray();

        var shards = ShardCutter.cut(target, sizes);

        long nextRow = 0;
        for (var shard : shards) {
            assertEquals(nextRow, shard.firstRow());
            assertEquals(shards.indexOf(shard), shard.index());
            long bytes = 0;
            for (int i = 0; i < shard.rows(); i++) {
                bytes += sizes[(int) (shard.firstRow() + i)];
            }
            assertEquals(bytes, shard.estimatedBytes());
            assertTrue(shard.rows() == 1 || bytes <= target, "only a single row may exceed the target");
            nextRow += shard.rows();
        }
        assertEquals(sizes.length, nextRow);
    }

    @Test
    void cuttingRowByRowEqualsCuttingAtOnce() {
        long[] sizes = {300, 900, 50, 50, 2000, 10, 990};
        var cutter = new ShardCutter(1000);
        for (long size : sizes) {
            cutter.add(size);
        }

        assertEquals(ShardCutter.cut(1000, sizes), cutter.shards());
        assertEquals(sizes.length, cutter.rows());
    }

    @Test
    void rejectsNonsense() {
        assertThrows(IllegalArgumentException.class, () -> new ShardCutter(0));
        assertThrows(IllegalArgumentException.class, () -> new ShardCutter(1).add(-1));
    }
}
