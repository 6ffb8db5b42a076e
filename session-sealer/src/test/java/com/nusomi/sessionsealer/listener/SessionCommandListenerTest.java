package com.nusomi.sessionsealer.listener;

import static com.nusomi.sessionsealer.SealerKafka.ask;
import static com.nusomi.sessionsealer.SealerKafka.command;
import static com.nusomi.sessionsealer.SealerKafka.create;
import static com.nusomi.sessionsealer.SealerKafka.deadLetter;
import static com.nusomi.sessionsealer.SealerKafka.header;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nusomi.contracts.IdPrefix;
import com.nusomi.contracts.Topic;
import com.nusomi.devstack.DevStackResource;
import com.nusomi.sessionsealer.SealerKafka;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(DevStackResource.class)
class SessionCommandListenerTest {

    @Test
    void aPoisonCommandIsDeadLetteredAndTheNextCommandIsProcessed() {
        String poisonKey = IdPrefix.SESSION.newId();
        SealerKafka.sendRaw(Topic.SESSION_COMMANDS, poisonKey, SealerKafka.garbage());

        String id = IdPrefix.SESSION.newId();
        assertTrue(ask(command(id, create())).getOk());

        var dead = deadLetter(Topic.SESSION_COMMANDS, poisonKey);
        assertArrayEquals(SealerKafka.garbage(), dead.value());
        assertNotNull(header(dead, Topic.DLQ_REASON_HEADER));
        assertEquals("session-sealer", header(dead, Topic.DLQ_CONSUMER_HEADER));
    }
}
