package com.nusomi.captureingest.masking;

import com.nusomi.contracts.Topic;
import com.nusomi.contracts.avro.MaskingRuleSpec;
import com.nusomi.kit.kafka.DeadLetterQueue;
import com.nusomi.kit.kafka.KafkaClients;
import com.nusomi.kit.kafka.TailingConsumer;
import io.apicurio.registry.serde.avro.AvroKafkaDeserializer;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Every workspace's current masking rules, in memory: a groupless {@link TailingConsumer} reads the
 * compacted {@code nusomi.masking.rules} from its beginning, then tails it (rebuilt with backoff if it fails). Startup waits until the topic is read to its end, so
 * an instance (or a restarted one) never masks with stale rules from its first request on; a later change applies as
 * soon as its record arrives (well under a second after the gateway answered the PUT). A workspace without a record
 * gets {@link MaskingRules#DEFAULT}, the gateway's default. Of two sets of one workspace the newer ({@code updated_at})
 * wins, whatever their order on the topic. A record that is not a rule set changes nothing and, read
 * live, goes to {@code nusomi.masking.rules.dlq} with the reason (records met again while catching up at a start were
 * dead-lettered when they arrived: a groupless reader has no offsets to remember that by).
 */
@ApplicationScoped
public class MaskingRuleBook {
    private static final Logger LOG = Logger.getLogger(MaskingRuleBook.class);
    private static final long CATCH_UP_SECONDS = 60;
    private static final String CONSUMER = "capture-ingest-masking-rules";

    private final Map<String, Held> byWorkspace = new ConcurrentHashMap<>();
    /** A workspace's rules and when the gateway set them (epoch ms). */
    private record Held(MaskingRules rules, long updatedAt) {}
    private final DeadLetterQueue deadLetters;
    /** Generic, not specific records: this thread is not Quarkus', and the generated classes' loader must not matter here. */
    private final AvroKafkaDeserializer<Object> values = new AvroKafkaDeserializer<>();
    private final CountDownLatch caughtUp = new CountDownLatch(1);
    private final TailingConsumer consumer;
    /** The log's end when reading began, read on the consumer's thread at its first batch. */
    private Map<TopicPartition, Long> endAtStart;

    MaskingRuleBook(KafkaClients clients, DeadLetterQueue deadLetters,
                    @ConfigProperty(name = "mp.messaging.connector.smallrye-kafka.apicurio.registry.url") String registryUrl) {
        this.deadLetters = deadLetters;
        values.configure(Map.of("apicurio.registry.url", registryUrl), false);
        this.consumer = new TailingConsumer("masking-rules", TailingConsumer.groupless(clients, CONSUMER, Map.of()),
                List.of(Topic.MASKING_RULES.topicName()), TailingConsumer.Start.BEGINNING, positions -> { }, this::read);
    }

    /** The rules that apply to {@code workspaceId}'s captures now. */
    public MaskingRules rules(String workspaceId) {
        Held held = workspaceId == null ? null : byWorkspace.get(workspaceId);
        return held == null ? MaskingRules.DEFAULT : held.rules();
    }

    void onStart(@Observes StartupEvent event) throws InterruptedException {
        consumer.start();
        if (!caughtUp.await(CATCH_UP_SECONDS, TimeUnit.SECONDS)) {
            throw new IllegalStateException("could not read " + Topic.MASKING_RULES.topicName() + " to its end within "
                    + CATCH_UP_SECONDS + " s; refusing to ingest without the workspaces' masking rules");
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        consumer.close();
    }

    private void read(KafkaConsumer<String, byte[]> c, ConsumerRecords<String, byte[]> records) {
        if (endAtStart == null) {
            endAtStart = c.endOffsets(c.assignment());
        }
        for (ConsumerRecord<String, byte[]> record : records) {
            read(record);
        }
        if (caughtUp.getCount() > 0 && endAtStart.entrySet().stream().allMatch(e -> c.position(e.getKey()) >= e.getValue())) {
            LOG.infof("masking rules: %d workspace rule set(s) read", byWorkspace.size());
            caughtUp.countDown();
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
            // the newest set wins: a gateway republishing its table at startup may send an older set after a newer one
            byWorkspace.merge(set.get("workspace_id").toString(), new Held(MaskingRules.of(rules), epochMillis(set.get("updated_at"))),
                    (held, read) -> read.updatedAt() >= held.updatedAt() ? read : held);
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

    private static long epochMillis(Object timestamp) {
        return timestamp instanceof Instant at ? at.toEpochMilli() : ((Number) timestamp).longValue();
    }
}
