package com.nusomi.captureingest.masking;

import com.nusomi.contracts.Topic;
import com.nusomi.contracts.avro.MaskingRuleSpec;
import com.nusomi.kit.kafka.DeadLetterQueue;
import com.nusomi.kit.kafka.KafkaClients;
import io.apicurio.registry.serde.avro.AvroKafkaDeserializer;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Every workspace's current masking rules, in memory: a groupless consumer reads the compacted
 * {@code nusomi.masking.rules} from its beginning, then tails it. Startup waits until the topic is read to its end, so
 * an instance (or a restarted one) never masks with stale rules from its first request on; a later change applies as
 * soon as its record arrives (well under a second after the gateway answered the PUT). A workspace without a record
 * gets {@link MaskingRules#DEFAULT}, the gateway's default. A record that is not a rule set changes nothing and, read
 * live, goes to {@code nusomi.masking.rules.dlq} with the reason (records met again while catching up at a start were
 * dead-lettered when they arrived: a groupless reader has no offsets to remember that by).
 */
@ApplicationScoped
public class MaskingRuleBook {
    private static final Logger LOG = Logger.getLogger(MaskingRuleBook.class);
    private static final Duration POLL = Duration.ofMillis(100);
    private static final long CATCH_UP_SECONDS = 60;

    private final Map<String, MaskingRules> byWorkspace = new ConcurrentHashMap<>();
    private static final String CONSUMER = "capture-ingest-masking-rules";
    private final KafkaClients clients;
    private final DeadLetterQueue deadLetters;
    /** Generic, not specific records: this thread is not Quarkus', and the generated classes' loader must not matter here. */
    private final AvroKafkaDeserializer<Object> values = new AvroKafkaDeserializer<>();
    private final CountDownLatch caughtUp = new CountDownLatch(1);
    private volatile boolean running;
    private volatile KafkaConsumer<String, byte[]> consumer;
    private Thread thread;

    MaskingRuleBook(KafkaClients clients, DeadLetterQueue deadLetters,
                    @ConfigProperty(name = "mp.messaging.connector.smallrye-kafka.apicurio.registry.url") String registryUrl) {
        this.clients = clients;
        this.deadLetters = deadLetters;
        values.configure(Map.of("apicurio.registry.url", registryUrl), false);
    }

    /** The rules that apply to {@code workspaceId}'s captures now. */
    public MaskingRules rules(String workspaceId) {
        return workspaceId == null ? MaskingRules.DEFAULT : byWorkspace.getOrDefault(workspaceId, MaskingRules.DEFAULT);
    }

    void onStart(@Observes StartupEvent event) throws InterruptedException {
        running = true;
        thread = Thread.ofPlatform().name("masking-rules").daemon().start(this::run);
        if (!caughtUp.await(CATCH_UP_SECONDS, TimeUnit.SECONDS)) {
            throw new IllegalStateException("could not read " + Topic.MASKING_RULES.topicName() + " to its end within "
                    + CATCH_UP_SECONDS + " s; refusing to ingest without the workspaces' masking rules");
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        running = false;
        var c = consumer;
        if (c != null) {
            c.wakeup();
        }
    }

    private void run() {
        while (running) {
            try (var c = new KafkaConsumer<String, byte[]>(clients.consumer(Map.of(
                    ConsumerConfig.CLIENT_ID_CONFIG, CONSUMER + "-" + ProcessHandle.current().pid(),
                    ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                    ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                    ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, "org.apache.kafka.common.serialization.StringDeserializer",
                    ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                    "org.apache.kafka.common.serialization.ByteArrayDeserializer")))) {
                consumer = c;
                List<TopicPartition> partitions = new ArrayList<>();
                c.partitionsFor(Topic.MASKING_RULES.topicName(), Duration.ofSeconds(30))
                        .forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
                c.assign(partitions);
                c.seekToBeginning(partitions);
                Map<TopicPartition, Long> end = c.endOffsets(partitions, Duration.ofSeconds(30));
                while (running) {
                    for (ConsumerRecord<String, byte[]> record : c.poll(POLL)) {
                        read(record);
                    }
                    if (caughtUp.getCount() > 0 && partitions.stream().allMatch(tp -> c.position(tp) >= end.get(tp))) {
                        LOG.infof("masking rules: %d workspace rule set(s) read", byWorkspace.size());
                        caughtUp.countDown();
                    }
                }
            } catch (WakeupException e) {
                // stopping
            } catch (RuntimeException e) {
                if (running) {
                    LOG.errorf(e, "masking rules: consumer failed; starting it again in 1 s");
                    sleep();
                }
            } finally {
                consumer = null;
            }
        }
    }

    private void read(ConsumerRecord<String, byte[]> record) {
        if (record.value() == null) {
            byWorkspace.remove(record.key());
            return;
        }
        try {
            GenericRecord set = (GenericRecord) values.deserialize(record.topic(), record.headers(), record.value());
            List<MaskingRuleSpec> rules = new ArrayList<>();
            for (Object rule : (List<?>) set.get("rules")) {
                GenericRecord r = (GenericRecord) rule;
                rules.add(new MaskingRuleSpec(r.get("kind").toString(), r.get("pattern") == null ? null : r.get("pattern").toString()));
            }
            byWorkspace.put(set.get("workspace_id").toString(), MaskingRules.of(rules));
        } catch (RuntimeException e) {
            // rules are the gateway's; a record that is not a rule set changes nothing (the previous rules stay)
            LOG.errorf("masking rules: skipped record %s-%d@%d: %s", record.topic(), record.partition(), record.offset(),
                    e.toString());
            if (caughtUp.getCount() == 0) {
                deadLetters.send(record, CONSUMER, e).exceptionally(failed -> {
                    LOG.errorf("masking rules: dead letter of %s-%d@%d not sent: %s", record.topic(), record.partition(),
                            record.offset(), failed.toString());
                    return null;
                });
            }
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(1_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
