package com.nusomi.devstack;

import com.nusomi.contracts.Topic.TopicSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;

/** Creates the topic catalog on a broker, idempotently (missing topics created, partitions and retention aligned). */
public final class KafkaTopics {
    private KafkaTopics() {}

    public static Admin admin(String bootstrapServers) {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(AdminClientConfig.CLIENT_ID_CONFIG, "nusomi-devstack-admin");
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "30000");
        return Admin.create(p);
    }

    /** Ensures every spec exists with at least its partition count and its retention.ms. */
    public static void ensure(String bootstrapServers, Collection<TopicSpec> specs) {
        try (Admin admin = admin(bootstrapServers)) {
            ensure(admin, specs);
        }
    }

    public static void ensure(Admin admin, Collection<TopicSpec> specs) {
        try {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> missing = new ArrayList<>();
            List<TopicSpec> present = new ArrayList<>();
            for (TopicSpec spec : specs) {
                if (existing.contains(spec.name())) {
                    present.add(spec);
                } else {
                    missing.add(new NewTopic(spec.name(), spec.partitions(), (short) 1).configs(spec.compacted()
                            ? Map.of(TopicConfig.RETENTION_MS_CONFIG, retentionMs(spec),
                                    TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)
                            : Map.of(TopicConfig.RETENTION_MS_CONFIG, retentionMs(spec))));
                }
            }
            if (!missing.isEmpty()) {
                var result = admin.createTopics(missing);
                for (var entry : result.values().entrySet()) {
                    try {
                        entry.getValue().get(30, TimeUnit.SECONDS);
                    } catch (ExecutionException e) {
                        if (!(e.getCause() instanceof TopicExistsException)) {
                            throw e;
                        }
                    }
                }
            }
            if (!present.isEmpty()) {
                align(admin, present);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        } catch (Exception e) {
            throw new IllegalStateException("could not create the topic catalog: " + e, e);
        }
    }

    private static void align(Admin admin, List<TopicSpec> present) throws Exception {
        Map<String, TopicDescription> described = admin.describeTopics(present.stream().map(TopicSpec::name).toList())
                .allTopicNames().get(30, TimeUnit.SECONDS);
        Map<String, NewPartitions> grow = new HashMap<>();
        Map<ConfigResource, Collection<AlterConfigOp>> configs = new HashMap<>();
        for (TopicSpec spec : present) {
            int now = described.get(spec.name()).partitions().size();
            if (now < spec.partitions()) {
                grow.put(spec.name(), NewPartitions.increaseTo(spec.partitions()));
            }
            configs.put(new ConfigResource(ConfigResource.Type.TOPIC, spec.name()), List.of(new AlterConfigOp(
                    new ConfigEntry(TopicConfig.RETENTION_MS_CONFIG, retentionMs(spec)), AlterConfigOp.OpType.SET)));
        }
        if (!grow.isEmpty()) {
            admin.createPartitions(grow).all().get(30, TimeUnit.SECONDS);
        }
        admin.incrementalAlterConfigs(configs).all().get(30, TimeUnit.SECONDS);
    }

    private static String retentionMs(TopicSpec spec) {
        Duration retention = spec.retention();
        return retention == null ? "-1" : Long.toString(retention.toMillis());
    }
}
