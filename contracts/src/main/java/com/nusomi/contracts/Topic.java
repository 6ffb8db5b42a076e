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
    SESSION_COMMANDS("nusomi.sessions.commands", 6, "session_id", Duration.ofDays(7), Visibility.INTERNAL),
    SESSION_COMMAND_REPLIES("nusomi.sessions.command-replies", 6, "session_id", Duration.ofDays(1), Visibility.INTERNAL),
    EVENTS("nusomi.events", 6, "session_id", Duration.ofDays(30), Visibility.PUBLIC),
    SESSION_LIFECYCLE("nusomi.sessions.lifecycle", 6, "session_id", Duration.ofDays(30), Visibility.PUBLIC),
    EXPORT_REQUESTS("nusomi.exports.requests", 3, "export_id", Duration.ofDays(7), Visibility.INTERNAL),
    EXPORT_SHARD_TASKS("nusomi.exports.shard-tasks", 6, "export_id/shard", Duration.ofDays(7), Visibility.INTERNAL),
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

    Topic(String topicName, int partitions, String key, Duration retention, Visibility visibility) {
        this.topicName = topicName;
        this.partitions = partitions;
        this.key = key;
        this.retention = retention;
        this.visibility = visibility;
    }

    public String topicName() { return topicName; }
    public int partitions() { return partitions; }
    public String key() { return key; }
    public Duration retention() { return retention; }
    public Visibility visibility() { return visibility; }

    public String dlqName() { return topicName + DLQ_SUFFIX; }

    public static Optional<Topic> byName(String name) {
        return Arrays.stream(values()).filter(t -> t.topicName.equals(name)).findFirst();
    }

    /** Every topic the platform needs, dead-letter topics included, as (name, partitions, retention). */
    public static List<TopicSpec> allSpecs() {
        var specs = new java.util.ArrayList<TopicSpec>();
        for (Topic t : values()) {
            specs.add(new TopicSpec(t.topicName, t.partitions, t.retention));
            specs.add(new TopicSpec(t.dlqName(), DLQ_PARTITIONS, DLQ_RETENTION));
        }
        return List.copyOf(specs);
    }

    /** A topic as created on a broker. */
    public record TopicSpec(String name, int partitions, Duration retention) {}
}
