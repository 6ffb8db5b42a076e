package com.nusomi.contracts;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The one catalog of Kafka topics: name, partitions, key, retention and visibility.
 * Devstack, docker-compose and deploy/ are created from (or checked against) this enum.
 */
public enum Topic {
    CAPTURE_FRAMES("nusomi.capture.frames", 6, "session_id", Duration.ofDays(7), Visibility.INTERNAL),
    CAPTURE_SIGNALS("nusomi.capture.signals", 6, "session_id", Duration.ofDays(7), Visibility.INTERNAL),
    /** Raw signal uploads of capture agents inside the cluster (SignalUpload); capture-ingest validates and masks them. */
    CAPTURE_SIGNALS_INBOUND("nusomi.capture.signals.inbound", 6, "session_id", Duration.ofDays(7), Visibility.INTERNAL),
    /** Each workspace's current masking rules (MaskingRuleSet), compacted: the latest record per workspace is the state. */
    MASKING_RULES("nusomi.masking.rules", 3, "workspace_id", Duration.ofDays(30), Visibility.INTERNAL, true),
    SESSION_COMMANDS("nusomi.sessions.commands", 6, "session_id", Duration.ofDays(7), Visibility.INTERNAL),
    SESSION_COMMAND_REPLIES("nusomi.sessions.command-replies", 6, "session_id", Duration.ofDays(1), Visibility.INTERNAL),
    EVENTS("nusomi.events", 6, "session_id", Duration.ofDays(30), Visibility.PUBLIC),
    SESSION_LIFECYCLE("nusomi.sessions.lifecycle", 6, "session_id", Duration.ofDays(30), Visibility.PUBLIC),
    EXPORT_REQUESTS("nusomi.exports.requests", 3, "export_id", Duration.ofDays(7), Visibility.INTERNAL),
    /** 12 partitions: an export's shards split evenly over 1, 2, 3, 4 or 6 writers (export-planner TaskPartitioner). */
    EXPORT_SHARD_TASKS("nusomi.exports.shard-tasks", 12, "export_id/shard", Duration.ofDays(7), Visibility.INTERNAL),
    EXPORT_SHARD_RESULTS("nusomi.exports.shard-results", 3, "export_id", Duration.ofDays(7), Visibility.INTERNAL),
    EXPORT_STATUS("nusomi.exports.status", 3, "export_id", Duration.ofDays(30), Visibility.PUBLIC);

    /** Suffix of the dead-letter topic that holds a consumed topic's poison records. */
    public static final String DLQ_SUFFIX = ".dlq";
    /** Header naming why a record was dead-lettered. */
    public static final String DLQ_REASON_HEADER = "nusomi-dlq-reason";
    /** Header naming the consumer that dead-lettered it. */
    public static final String DLQ_CONSUMER_HEADER = "nusomi-dlq-consumer";
    /** Partitions of every dead-letter topic: they are read by operators, not by throughput consumers. */
    public static final int DLQ_PARTITIONS = 1;
    /** Retention of every dead-letter topic. */
    public static final Duration DLQ_RETENTION = Duration.ofDays(30);

    private final String topicName;
    private final int partitions;
    private final String key;
    private final Duration retention;
    private final Visibility visibility;
    private final boolean compacted;

    Topic(String topicName, int partitions, String key, Duration retention, Visibility visibility) {
        this(topicName, partitions, key, retention, visibility, false);
    }

    Topic(String topicName, int partitions, String key, Duration retention, Visibility visibility, boolean compacted) {
        this.topicName = topicName;
        this.partitions = partitions;
        this.key = key;
        this.retention = retention;
        this.visibility = visibility;
        this.compacted = compacted;
    }

    public String topicName() { return topicName; }
    public int partitions() { return partitions; }
    public String key() { return key; }
    public Duration retention() { return retention; }
    public Visibility visibility() { return visibility; }
    /** {@code cleanup.policy=compact}: the topic is a table (latest record per key); retention then does not apply. */
    public boolean compacted() { return compacted; }

    public String dlqName() { return topicName + DLQ_SUFFIX; }

    public static Optional<Topic> byName(String name) {
        return Arrays.stream(values()).filter(t -> t.topicName.equals(name)).findFirst();
    }

    /** Every topic the platform needs, dead-letter topics included, as (name, partitions, retention). */
    public static List<TopicSpec> allSpecs() {
        var specs = new java.util.ArrayList<TopicSpec>();
        for (Topic t : values()) {
            specs.add(new TopicSpec(t.topicName, t.partitions, t.retention, t.compacted));
            specs.add(new TopicSpec(t.dlqName(), DLQ_PARTITIONS, DLQ_RETENTION));
        }
        return List.copyOf(specs);
    }

    /** A topic as created on a broker. */
    public record TopicSpec(String name, int partitions, Duration retention, boolean compacted) {
        public TopicSpec(String name, int partitions, Duration retention) {
            this(name, partitions, retention, false);
        }
    }
}
