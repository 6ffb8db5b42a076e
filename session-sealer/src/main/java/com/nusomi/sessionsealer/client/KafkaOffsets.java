package com.nusomi.sessionsealer.client;

import com.nusomi.kit.kafka.KafkaClients;
import com.nusomi.sessionsealer.service.LogContexts;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsSpec;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;

/** Offsets the watermark is made of: topic end offsets and consumer groups' committed offsets, per partition. */
@ApplicationScoped
public class KafkaOffsets {
    private final Admin admin;
    private final Map<String, List<Integer>> partitionsByTopic = new ConcurrentHashMap<>();

    KafkaOffsets(KafkaClients clients) {
        this.admin = Admin.create(clients.admin(Map.of(
                AdminClientConfig.CLIENT_ID_CONFIG, "session-sealer-offsets-" + ProcessHandle.current().pid())));
    }

    /** End offset of every partition: the high watermark, or with READ_COMMITTED the last stable offset. */
    public Uni<Map<Integer, Long>> endOffsets(String topic, IsolationLevel isolation) {
        return partitions(topic).chain(partitions -> {
            var request = new HashMap<TopicPartition, OffsetSpec>();
            partitions.forEach(p -> request.put(new TopicPartition(topic, p), OffsetSpec.latest()));
            return uni(() -> admin.listOffsets(request, new ListOffsetsOptions(isolation)).all());
        }).map(result -> {
            var offsets = new HashMap<Integer, Long>();
            result.forEach((tp, info) -> offsets.put(tp.partition(), info.offset()));
            return Map.copyOf(offsets);
        });
    }

    /** Committed offsets of {@code group} on {@code topic}; partitions without a commit are absent. */
    public Uni<Map<Integer, Long>> committedOffsets(String group, String topic) {
        return committedOffsets(group).map(byTopic -> byTopic.getOrDefault(topic, Map.of()));
    }

    /** Committed offsets of {@code group} on every topic it consumes, by topic then partition, in one request. */
    public Uni<Map<String, Map<Integer, Long>>> committedOffsets(String group) {
        var spec = new ListConsumerGroupOffsetsSpec();
        return uni(() -> admin.listConsumerGroupOffsets(Map.of(group, spec)).partitionsToOffsetAndMetadata(group))
                .map(committed -> {
                    var offsets = new HashMap<String, Map<Integer, Long>>();
                    committed.forEach((tp, meta) -> {
                        if (meta != null) {
                            offsets.computeIfAbsent(tp.topic(), t -> new HashMap<>()).put(tp.partition(), meta.offset());
                        }
                    });
                    var copy = new HashMap<String, Map<Integer, Long>>();
                    offsets.forEach((topic, partitions) -> copy.put(topic, Map.copyOf(partitions)));
                    return Map.copyOf(copy);
                });
    }

    private Uni<List<Integer>> partitions(String topic) {
        var known = partitionsByTopic.get(topic);
        if (known != null) {
            return Uni.createFrom().item(known);
        }
        return uni(() -> admin.describeTopics(List.of(topic)).allTopicNames()).map(descriptions -> {
            var partitions = descriptions.get(topic).partitions().stream().map(TopicPartitionInfo::partition).toList();
            partitionsByTopic.put(topic, partitions);
            return partitions;
        });
    }

    /** Lazy: the request is sent when the Uni is subscribed, so callers control the order of broker reads. */
    private static <T> Uni<T> uni(Supplier<KafkaFuture<T>> request) {
        var caller = LogContexts.callerContext(); // answers arrive on the admin client's thread: do not continue there
        return Uni.createFrom().completionStage(() -> request.get().toCompletionStage()).emitOn(caller);
    }

    @PreDestroy
    void close() {
        admin.close();
    }
}
