package com.nusomi.eventextractor.anchoring;

import com.nusomi.contracts.Topic;
import com.nusomi.kit.kafka.DeadLetterQueue;
import com.nusomi.kit.logging.LogFields;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.jboss.logging.Logger;

/**
 * What happens to a frame or signal of a closed (sealed or deleted) session: produced after the close it is late and
 * goes to the input's dead-letter topic, with the service-kit dead-letter headers, inside the stream transaction;
 * produced before it, the seal already covered it and it is dropped.
 */
final class LateRecords {
    private static final Logger LOG = Logger.getLogger(LateRecords.class);
    static final String CONSUMER = "event-extractor";

    private LateRecords() {}

    /** True when the record was handled here (dead-lettered or dropped): the session is closed. */
    static boolean handled(ProcessorContext<String, SpecificRecord> context, ClosedSessions closed, String deadLetterSink,
                           Record<String, ? extends SpecificRecord> record, String sessionId, String what) {
        var closedAt = closed.closedAt(sessionId);
        if (closedAt.isEmpty()) {
            return false;
        }
        try (var ignored = LogFields.with(LogFields.SESSION_ID, sessionId)) {
            if (record.timestamp() <= closedAt.get()) {
                LOG.debugf("%s of the closed session dropped: produced before the close, covered by the seal", what);
                return true;
            }
            var reason = "late record: " + what + " for session " + sessionId + ", sealed or deleted at "
                    + Instant.ofEpochMilli(closedAt.get());
            var headers = new RecordHeaders(record.headers().toArray());
            headers.add(Topic.DLQ_REASON_HEADER, utf8(reason));
            headers.add(Topic.DLQ_CONSUMER_HEADER, utf8(CONSUMER));
            context.recordMetadata().ifPresent(m -> {
                headers.add(DeadLetterQueue.ORIGIN_TOPIC_HEADER, utf8(m.topic()));
                headers.add(DeadLetterQueue.ORIGIN_PARTITION_HEADER, utf8(Integer.toString(m.partition())));
                headers.add(DeadLetterQueue.ORIGIN_OFFSET_HEADER, utf8(Long.toString(m.offset())));
            });
            LOG.warnf("dead-lettered: %s", reason);
            context.forward(new Record<String, SpecificRecord>(record.key(), record.value(), record.timestamp(), headers),
                    deadLetterSink);
            return true;
        }
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
