package com.nusomi.contracts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import org.junit.jupiter.api.Test;

class TopicTest {

    @Test
    void everyTopicHasADeadLetterTopicAndNamesAreUnique() {
        var names = new HashSet<String>();
        Topic.allSpecs().forEach(spec -> assertTrue(names.add(spec.name()), "duplicate " + spec.name()));
        assertEquals(Topic.values().length * 2, names.size());
        for (Topic t : Topic.values()) {
            assertTrue(names.contains(t.topicName() + ".dlq"));
        }
    }

    @Test
    void sessionKeyedTopicsAreCoPartitioned() {
        // the extractor joins frames and signals per session: same key, same partition count
        assertEquals(Topic.CAPTURE_FRAMES.partitions(), Topic.CAPTURE_SIGNALS.partitions());
        assertEquals(Topic.CAPTURE_FRAMES.partitions(), Topic.EVENTS.partitions());
        assertEquals("session_id", Topic.CAPTURE_SIGNALS.key());
    }

    @Test
    void publicTopicsAreTheOnesLiveConsumersRead() {
        var publicNames = new HashSet<String>();
        for (Topic t : Topic.values()) {
            if (t.visibility() == Visibility.PUBLIC) {
                publicNames.add(t.topicName());
            }
        }
        assertEquals(java.util.Set.of("nusomi.events", "nusomi.sessions.lifecycle", "nusomi.exports.status"), publicNames);
    }
}
