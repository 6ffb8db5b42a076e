package com.nusomi.sessionsealer;

import com.nusomi.contracts.Topic;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

/**
 * Plays the event extractor's commits in tests (no extractor runs here): every 200 ms the {@code event-extractor}
 * group's offsets on the three topics it consumes are set to their end, as its Kafka Streams commit does once it
 * processed everything. A test holds one topic back to show what a seal waits for.
 */
@ApplicationScoped
public class ExtractorStandIn {
    private static final Logger LOG = Logger.getLogger(ExtractorStandIn.class);
    private static final String GROUP = "event-extractor";
    private static final List<Topic> CONSUMED = List.of(Topic.CAPTURE_SIGNALS, Topic.CAPTURE_FRAMES, Topic.SESSION_LIFECYCLE);

    private final Set<Topic> held = ConcurrentHashMap.newKeySet();
    private Admin admin;
    private ScheduledExecutorService timer;

    void start(@Observes StartupEvent ignored) {
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, SealerKafka.bootstrap()));
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            var thread = new Thread(r, "extractor-stand-in");
            thread.setDaemon(true);
            return thread;
        });
        timer.scheduleWithFixedDelay(this::commitAtEnd, 0, 200, TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent ignored) {
        timer.shutdownNow();
        admin.close(Duration.ofSeconds(2));
    }

    /** No commit on {@code topic} from the return until the handle is closed (a commit under way finishes first). */
    public synchronized Hold holdBack(Topic topic) {
        held.add(topic);
        return () -> held.remove(topic);
    }

    private synchronized void commitAtEnd() {
        try {
            var request = new HashMap<TopicPartition, OffsetSpec>();
            var topics = CONSUMED.stream().filter(t -> !held.contains(t)).map(Topic::topicName).toList();
            admin.describeTopics(topics).allTopicNames().get().forEach((name, description) -> description.partitions()
                    .forEach(p -> request.put(new TopicPartition(name, p.partition()), OffsetSpec.latest())));
            var commits = new HashMap<TopicPartition, OffsetAndMetadata>();
            admin.listOffsets(request).all().get().forEach((tp, info) -> commits.put(tp, new OffsetAndMetadata(info.offset())));
            admin.alterConsumerGroupOffsets(GROUP, commits).all().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.debugf(e, "extractor stand-in commit failed; the next one retries");
        }
    }

    /** Lets the stand-in commit the held topic again. */
    @FunctionalInterface
    public interface Hold extends AutoCloseable {
        @Override
        void close();
    }
}
