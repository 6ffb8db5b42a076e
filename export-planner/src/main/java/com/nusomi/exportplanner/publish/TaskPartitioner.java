package com.nusomi.exportplanner.publish;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.clients.producer.Partitioner;
import org.apache.kafka.common.Cluster;
import org.apache.kafka.common.utils.Utils;

/**
 * Partitions {@code nusomi.exports.shard-tasks} by the key {@code export_id/shard_index}: an export's shards go
 * round-robin over every partition the topic has, from a start that depends on the export only. Each partition (so
 * each writer) gets a near-equal share of a large export, where hashing whole keys gave one partition 11 of 26 shards
 * and another 5; one-shard exports still spread. Deterministic: a re-published task lands where it did before.
 */
public final class TaskPartitioner implements Partitioner {

    @Override
    public int partition(String topic, Object key, byte[] keyBytes, Object value, byte[] valueBytes, Cluster cluster) {
        int partitions = cluster.partitionCountForTopic(topic);
        return of(String.valueOf(key), partitions);
    }

    /** The partition of the task keyed {@code key} among {@code partitions}; keys without a shard index are hashed. */
    public static int of(String key, int partitions) {
        int slash = key.lastIndexOf('/');
        if (slash < 0) {
            return hashed(key, partitions);
        }
        String exportId = key.substring(0, slash);
        try {
            int shardIndex = Integer.parseInt(key.substring(slash + 1));
            return Math.floorMod(exportId.hashCode() + shardIndex, partitions);
        } catch (NumberFormatException e) {
            return hashed(key, partitions);
        }
    }

    /** Kafka's default placement of a key (murmur2 of its bytes). */
    private static int hashed(String key, int partitions) {
        return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % partitions;
    }

    @Override
    public void configure(Map<String, ?> configs) {
    }

    @Override
    public void close() {
    }
}
