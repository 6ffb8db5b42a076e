package com.nusomi.sessionsealer.service;

import com.nusomi.contracts.Topic;
import com.nusomi.contracts.avro.SessionCommandReply;
import com.nusomi.contracts.avro.SessionLifecycle;
import com.nusomi.contracts.avro.SessionSnapshot;
import com.nusomi.contracts.avro.SessionStatus;
import com.nusomi.kit.kafka.AvroCodec;
import com.nusomi.sessionsealer.persistence.DeliveryRepository;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Publishes what a committed transaction promised: lifecycle records from the outbox (deleted once acked) and command
 * replies. Values are encoded once, by the registry codec, and the same bytes are stored and sent, so a re-sent reply
 * or transition is byte-identical. Encoding may call the registry, so it never runs on an event loop.
 */
@ApplicationScoped
public class Delivery {
    private final MutinyEmitter<byte[]> replies;
    private final MutinyEmitter<byte[]> lifecycle;
    private final AvroCodec codec;
    private final DeliveryRepository repository;
    private final Pool pool;

    Delivery(@Channel("command-replies") MutinyEmitter<byte[]> replies,
             @Channel("session-lifecycle") MutinyEmitter<byte[]> lifecycle,
             AvroCodec codec, DeliveryRepository repository, Pool pool) {
        this.replies = replies;
        this.lifecycle = lifecycle;
        this.codec = codec;
        this.repository = repository;
        this.pool = pool;
    }

    public Uni<byte[]> encode(SessionCommandReply reply) {
        return encode(Topic.SESSION_COMMAND_REPLIES, reply);
    }

    /** Writes the transition to the outbox inside the transaction {@code tx} that makes it. */
    public Uni<Void> enqueueLifecycle(SqlClient tx, SessionStatus from, SessionSnapshot snapshot, Instant at) {
        var transition = SessionLifecycle.newBuilder()
                .setTransitionId(snapshot.getId() + ":" + snapshot.getStatus())
                .setSessionId(snapshot.getId())
                .setWorkspaceId(snapshot.getWorkspaceId())
                .setFromStatus(from)
                .setToStatus(snapshot.getStatus())
                .setSession(snapshot)
                .setAt(at)
                .build();
        return encode(Topic.SESSION_LIFECYCLE, transition).chain(record ->
                repository.enqueueLifecycle(tx, transition.getTransitionId(), snapshot.getId(), record));
    }

    /** Sends a reply, keyed by session id; completes when Kafka acknowledged it. */
    public Uni<Void> sendReply(String sessionId, byte[] reply) {
        return send(replies, sessionId, reply);
    }

    /** Publishes the session's pending transitions in order, each removed from the outbox once acknowledged. */
    public Uni<Void> flushLifecycle(String sessionId) {
        return repository.pendingLifecycle(pool, sessionId).chain(this::publish);
    }

    /** Publishes transitions left in the outbox by a failed send or a crash. */
    public Uni<Void> relayStale(Instant before) {
        return repository.staleLifecycle(pool, before).chain(this::publish);
    }

    private Uni<Void> publish(List<DeliveryRepository.Pending> pending) {
        return Multi.createFrom().iterable(pending)
                .onItem().transformToUniAndConcatenate(p -> send(lifecycle, p.sessionId(), p.record())
                        .chain(() -> repository.delivered(pool, p.transitionId())))
                .collect().last().replaceWithVoid();
    }

    private Uni<byte[]> encode(Topic topic, org.apache.avro.specific.SpecificRecord value) {
        var caller = LogContexts.callerContext();
        return Uni.createFrom().item(() -> codec.encode(topic.topicName(), new RecordHeaders(), value))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .emitOn(caller);
    }

    private static Uni<Void> send(MutinyEmitter<byte[]> emitter, String key, byte[] value) {
        return emitter.sendMessage(Message.of(value)
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(key).build()));
    }
}
