package com.nusomi.exportplanner.publish;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class TaskPartitionerTest {

    @Test
    void anExportsShardsGoRoundRobinOverEveryPartition() {
        for (int partitions : new int[] {6, 12}) {
            int[] tasks = new int[partitions];
            IntStream.range(0, 26).forEach(shard -> tasks[TaskPartitioner.of("exp_01JBENCH/" + shard, partitions)]++);

            int most = IntStream.of(tasks).max().orElseThrow();
            int least = IntStream.of(tasks).min().orElseThrow();
            assertTrue(most - least <= 1, "26 shards over " + partitions + " partitions: most " + most + ", least " + least);
            assertEquals((TaskPartitioner.of("exp_01JBENCH/0", partitions) + 1) % partitions,
                    TaskPartitioner.of("exp_01JBENCH/1", partitions));
        }
    }

    @Test
    void theSameTaskAlwaysGoesToTheSamePartition() {
        assertEquals(TaskPartitioner.of("exp_01JX/7", 6), TaskPartitioner.of("exp_01JX/7", 6));
    }

    @Test
    void oneShardExportsStartOnDifferentPartitions() {
        long used = IntStream.range(0, 60).map(i -> TaskPartitioner.of("exp_" + i + "/0", 6)).distinct().count();
        assertEquals(6, used);
    }

    @Test
    void anyKeyNamesAPartitionInRange() {
        for (String key : new String[] {"exp_x", "exp_x/notanumber", "/3", "exp_y/-4", ""}) {
            int p = TaskPartitioner.of(key, 12);
            assertTrue(p >= 0 && p < 12, key + " -> " + p);
        }
        String negative = IntStream.range(0, 1000).mapToObj(i -> "exp_" + i).filter(id -> id.hashCode() < 0)
                .findFirst().orElseThrow();
        int p = TaskPartitioner.of(negative + "/0", 12);
        assertTrue(p >= 0 && p < 12, String.valueOf(p));
    }
}
