package com.nusomi.sessionsealer.service;

import static com.nusomi.sessionsealer.SealerKafka.allReplies;
import static com.nusomi.sessionsealer.SealerKafka.ask;
import static com.nusomi.sessionsealer.SealerKafka.command;
import static com.nusomi.sessionsealer.SealerKafka.create;
import static com.nusomi.sessionsealer.SealerKafka.delete;
import static com.nusomi.sessionsealer.SealerKafka.frame;
import static com.nusomi.sessionsealer.SealerKafka.send;
import static com.nusomi.sessionsealer.SealerKafka.start;
import static com.nusomi.sessionsealer.SealerKafka.stop;
import static com.nusomi.sessionsealer.SealerKafka.tag;
import static com.nusomi.sessionsealer.SealerKafka.transition;
import static com.nusomi.sessionsealer.SealerKafka.transitions;
import static com.nusomi.sessionsealer.SealerKafka.transitionsUpToNow;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nusomi.contracts.IdPrefix;
import com.nusomi.contracts.Limits;
import com.nusomi.contracts.Topic;
import com.nusomi.contracts.avro.BlobRef;
import com.nusomi.contracts.avro.SessionStatus;
import com.nusomi.contracts.avro.SessionTag;
import com.nusomi.devstack.DevStackResource;
import com.nusomi.sessionsealer.Catalog;
import com.nusomi.sessionsealer.SealerKafka;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/** The state machine as the gateway sees it: commands in, replies and lifecycle records out, rows in the catalog. */
@QuarkusTest
@QuarkusTestResource(DevStackResource.class)
class SessionCommandServiceTest {

    @Test
    void createsAndStartsASession() {
        String id = IdPrefix.SESSION.newId();
        var created = ask(command(id, create()));
        assertTrue(created.getOk());
        assertEquals(SessionStatus.created, created.getSession().getStatus());
        assertEquals("process_invoice", created.getSession().getWorkflow());
        assertEquals("{\"ticket\":42}", created.getSession().getMetadata());
        var lifecycle = transition(id, "created");
        assertNull(lifecycle.getFromStatus());
        assertEquals(SessionStatus.created, lifecycle.getToStatus());

        var started = ask(command(id, start()));
        assertTrue(started.getOk());
        assertEquals(SessionStatus.recording, started.getSession().getStatus());
        assertEquals(SessionStatus.created, transition(id, "recording").getFromStatus());
        assertEquals("recording", Catalog.session(id).orElseThrow().get("status"));
    }

    @Test
    void startingTwiceIsAnInvalidState() {
        String id = IdPrefix.SESSION.newId();
        ask(command(id, create()));
        assertTrue(ask(command(id, start())).getOk());

        var again = ask(command(id, start()));
        assertFalse(again.getOk());
        assertEquals("invalid_state", again.getErrorCode());
        assertNull(again.getSession());
        assertEquals(1, transitions(id).stream().filter(t -> t.getToStatus() == SessionStatus.recording).count());
    }

    @Test
    void stoppingWithoutFramesIsSessionEmptyAndTheSessionKeepsRecording() {
        String id = IdPrefix.SESSION.newId();
        ask(command(id, create()));
        ask(command(id, start()));

        var stop = ask(command(id, stop()));
        assertFalse(stop.getOk());
        assertEquals("session_empty", stop.getErrorCode());
        assertEquals("recording", Catalog.session(id).orElseThrow().get("status"));

        var again = ask(command(id, stop()));
        assertEquals("session_empty", again.getErrorCode(), "still recording, still empty");
    }

    @Test
    void stoppingACreatedSessionIsAnInvalidState() {
        String id = IdPrefix.SESSION.newId();
        ask(command(id, create()));
        var stop = ask(command(id, stop()));
        assertEquals("invalid_state", stop.getErrorCode());
    }

    @Test
    void commandsForAnUnknownSessionAreSessionNotFound() {
        String id = IdPrefix.SESSION.newId();
        assertEquals("session_not_found", ask(command(id, start())).getErrorCode());
        assertEquals("session_not_found", ask(command(id, stop())).getErrorCode());
        assertEquals("session_not_found", ask(command(id, delete())).getErrorCode());
    }

    @Test
    void aCreateRetriedWithTheSameSessionIdAnswersTheExistingSession() {
        String id = IdPrefix.SESSION.newId();
        var first = ask(command(id, create()));
        var retried = ask(command(id, create()));
        assertTrue(retried.getOk());
        assertEquals(first.getSession(), retried.getSession());
        assertEquals(1, transitionsUpToNow(id).size());
    }

    @Test
    void aRedeliveredCommandGetsTheSameReplyAndChangesNothing() {
        String id = IdPrefix.SESSION.newId();
        ask(command(id, create()));
        var start = command(id, start());
        var first = ask(start);

        send(Topic.SESSION_COMMANDS, id, start); // as after a crash before the offset commit
        await().atMost(SealerKafka.WAIT).until(() -> allReplies(start.getCommandId()).size() == 2);
        var replies = allReplies(start.getCommandId());
        assertTrue(replies.get(1).getOk());
        assertEquals(first, replies.get(1));
        assertEquals(1, transitions(id).stream().filter(t -> t.getToStatus() == SessionStatus.recording).count());
    }

    @Test
    void invalidCreatesAreRejectedWithTheirCode() {
        var badSlug = create();
        badSlug.setWorkflow("Not A Slug");
        assertEquals("invalid_workflow_slug", ask(command(IdPrefix.SESSION.newId(), badSlug)).getErrorCode());

        var badMetadata = create();
        badMetadata.setMetadata("[1,2]");
        assertEquals("invalid_metadata", ask(command(IdPrefix.SESSION.newId(), badMetadata)).getErrorCode());
    }

    @Test
    void deletingRemovesTheSessionWithItsFramesAndEventsAndAnnouncesIt() {
        String id = IdPrefix.SESSION.newId();
        ask(command(id, create()));
        ask(command(id, start()));
        var first = frame(id, 0);
        send(Topic.CAPTURE_FRAMES, id, first);
        send(Topic.EVENTS, id, SealerKafka.click(id, first.getFrameId(), 5));
        await().atMost(SealerKafka.WAIT).until(() -> Catalog.count("frames", id) == 1 && Catalog.count("events", id) == 1);

        var deleted = ask(command(id, delete()));
        assertTrue(deleted.getOk());
        assertEquals(SessionStatus.deleted, deleted.getSession().getStatus());
        assertEquals(SessionStatus.deleted, transition(id, "deleted").getToStatus());
        assertTrue(Catalog.session(id).isEmpty());
        assertEquals(0, Catalog.count("frames", id));
        assertEquals(0, Catalog.count("events", id));
        assertEquals("session_not_found", ask(command(id, start())).getErrorCode());
    }

    @Test
    void tagsAreAppendedInOrderWithTheirDataAndPlaceOnTheSessionClock() {
        String id = IdPrefix.SESSION.newId();
        ask(command(id, create()));
        var before = ask(command(id, tag("queued", null, null)));
        assertTrue(before.getOk());
        assertEquals(List.of(new SessionTag("queued", null, 0L)), before.getSession().getTags(), "before the start: t_ms 0");

        ask(command(id, start()));
        var given = ask(command(id, tag("reviewed", "{\"by\":\"ann\"}", 1200L)));
        assertTrue(given.getOk());
        assertEquals(new SessionTag("reviewed", "{\"by\":\"ann\"}", 1200L), given.getSession().getTags().get(1));
        assertEquals(SessionStatus.recording, given.getSession().getStatus());
        var later = ask(command(id, tag("late", "[1,2]", null)));
        assertEquals(3, later.getSession().getTags().size());
        assertTrue(later.getSession().getTags().get(2).getTMs() >= 0);

        String stored = Catalog.session(id).orElseThrow().get("tags").toString();
        assertTrue(stored.contains("\"reviewed\"") && stored.contains("\"late\""), stored);
        assertEquals(2, transitionsUpToNow(id).size(), "a tag is not a transition: created and recording only");
    }

    @Test
    void aRedeliveredTagIsAppliedOnce() {
        String id = IdPrefix.SESSION.newId();
        ask(command(id, create()));
        var tagging = command(id, tag("once", null, 5L));
        var first = ask(tagging);
        send(Topic.SESSION_COMMANDS, id, tagging); // as after a crash before the offset commit
        await().atMost(SealerKafka.WAIT).until(() -> allReplies(tagging.getCommandId()).size() == 2);
        assertEquals(first, allReplies(tagging.getCommandId()).get(1));
        assertEquals(1, ask(command(id, tag("second", null, 6L))).getSession().getTags().size() - 1);
    }

    @Test
    void taggingAnUnknownOrForeignSessionIsNotFoundAndBadTagsAreRejected() {
        assertEquals("session_not_found", ask(command(IdPrefix.SESSION.newId(), tag("x", null, null))).getErrorCode());
        String id = IdPrefix.SESSION.newId();
        ask(command(id, create()));
        var foreign = command(id, tag("x", null, null));
        foreign.setWorkspaceId(IdPrefix.WORKSPACE.newId());
        assertEquals("session_not_found", ask(foreign).getErrorCode());
        assertEquals("invalid_request", ask(command(id, tag(" ", null, null))).getErrorCode());
        assertEquals("invalid_request", ask(command(id, tag("x", "{not json", null))).getErrorCode());
        assertEquals("invalid_request", ask(command(id, tag("x", null, -1L))).getErrorCode());
        for (int i = 0; i < Limits.SESSION_TAGS_MAX; i++) {
            assertTrue(ask(command(id, tag("t" + i, null, (long) i))).getOk());
        }
        assertEquals("invalid_request", ask(command(id, tag("one_too_many", null, null))).getErrorCode());
    }

    @Test
    void aSealedSessionTakesNoTags() {
        String id = IdPrefix.SESSION.newId();
        ask(command(id, create()));
        ask(command(id, start()));
        send(Topic.CAPTURE_FRAMES, id, frame(id, 0));
        assertTrue(ask(command(id, stop())).getOk());
        Catalog.awaitSession(id, "sealed");
        var refused = ask(command(id, tag("too_late", null, null)));
        assertEquals("invalid_state", refused.getErrorCode());
        assertNull(refused.getSession());
    }

    @Inject
    S3Client s3;

    @Test
    void deletingASessionRemovesItsImagesButNotOnesAnotherSessionStillShows() {
        try {
            s3.createBucket(b -> b.bucket("nusomi"));
        } catch (RuntimeException alreadyThere) {
            // created by the bootstrap or an earlier test
        }
        String id = IdPrefix.SESSION.newId();
        String other = IdPrefix.SESSION.newId();
        for (String s : List.of(id, other)) {
            ask(command(s, create()));
            ask(command(s, start()));
        }
        var own = frame(id, 0);
        String sharedKey = "frames/shared-" + IdPrefix.FRAME.newId() + ".webp";
        var shared = frame(id, 100);
        shared.setImage(new BlobRef("nusomi", sharedKey, "cd".repeat(32), 4L, 2, 2));
        var sharedElsewhere = frame(other, 0);
        sharedElsewhere.setImage(new BlobRef("nusomi", sharedKey, "cd".repeat(32), 4L, 2, 2));
        for (String key : List.of(own.getImage().getKey(), sharedKey)) {
            s3.putObject(p -> p.bucket("nusomi").key(key), RequestBody.fromString("webp"));
        }
        send(Topic.CAPTURE_FRAMES, id, own);
        send(Topic.CAPTURE_FRAMES, id, shared);
        send(Topic.CAPTURE_FRAMES, other, sharedElsewhere);
        await().atMost(SealerKafka.WAIT).until(() -> Catalog.count("frames", id) == 2 && Catalog.count("frames", other) == 1);

        assertTrue(ask(command(id, delete())).getOk());
        await().atMost(SealerKafka.WAIT).until(() -> !exists(own.getImage().getKey()));
        assertTrue(exists(sharedKey), "another session still shows the shared image");
        assertEquals(1, Catalog.count("frames", other));
    }

    private boolean exists(String key) {
        try {
            s3.headObject(b -> b.bucket("nusomi").key(key));
            return true;
        } catch (NoSuchKeyException e) {
            return false;
        }
    }
}
