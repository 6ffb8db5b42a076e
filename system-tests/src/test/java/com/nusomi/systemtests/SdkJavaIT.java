package com.nusomi.systemtests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.nusomi.devstack.testing.TestWebp;
import com.nusomi.sdk.EventQuery;
import com.nusomi.sdk.EventStream;
import com.nusomi.sdk.Export;
import com.nusomi.sdk.ExportListFilter;
import com.nusomi.sdk.Nusomi;
import com.nusomi.sdk.NusomiException;
import com.nusomi.sdk.ReplayOptions;
import com.nusomi.sdk.Session;
import com.nusomi.sdk.SessionListFilter;
import com.nusomi.sdk.StreamOptions;
import com.nusomi.sdk.WebhookSignature;
import com.nusomi.sdk.model.Actor;
import com.nusomi.sdk.model.ApiKey;
import com.nusomi.sdk.model.Destination;
import com.nusomi.sdk.model.Event;
import com.nusomi.sdk.model.EventInput;
import com.nusomi.sdk.model.EventPayload;
import com.nusomi.sdk.model.EventType;
import com.nusomi.sdk.model.ExportCreate;
import com.nusomi.sdk.model.ExportFilter;
import com.nusomi.sdk.model.Frame;
import com.nusomi.sdk.model.FrameUpload;
import com.nusomi.sdk.model.SessionCreate;
import com.nusomi.sdk.model.Target;
import com.nusomi.sdk.model.UploadedFrame;
import com.nusomi.sdk.model.Viewport;
import com.nusomi.sdk.model.Webhook;
import com.nusomi.sdk.model.Workspace;
import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Every resource of the Java SDK ({@code sdk-java}) against the seven running services: what a customer's code does
 * with {@code com.nusomi:nusomi-sdk}, checked by what the API and the object store then hold.
 */
@ExtendWith(RunningPlatform.class)
class SdkJavaIT {
    private static final String WORKFLOW = "sdk_java_check";

    private static Nusomi client(RunningPlatform.Handle platform, String key) {
        return Nusomi.builder().apiKey(key).baseUrl(platform.gatewayUrl()).environment(Map.of()).build();
    }

    private static Nusomi newWorkspace(RunningPlatform.Handle platform, String name) {
        Workspace created = client(platform, platform.operatorKey()).workspaces().create(name);
        assertTrue(created.id().startsWith("wsp_"), created.toString());
        assertTrue(created.adminKey().startsWith("nsk_"), "the admin key is shown once, in the answer to create");
        return client(platform, created.adminKey());
    }

    @Test
    void aSessionIsRecordedStreamedQueriedExportedAndDeletedThroughTheSdk(RunningPlatform.Handle platform) throws Exception {
        Nusomi nusomi = newWorkspace(platform, "sdk-java");
        Session session = nusomi.sessions().create(SessionCreate.of(WORKFLOW).withActor(Actor.human("alice"))
                .withMetadata(Map.of("invoice", "INV-7")));
        assertEquals("created", session.status());
        session = session.start();
        assertEquals("recording", session.status());

        // a live consumer from the start: history, then live, until the seal ends the stream
        EventStream live = nusomi.events().stream(session.id());
        CompletableFuture<List<Event>> streamed = CompletableFuture.supplyAsync(() -> live.stream().toList());

        byte[] webp = TestWebp.solid(64, 48, 0xff336699);
        List<UploadedFrame> uploaded = session.uploadFrames(List.of(
                FrameUpload.of(0, webp, new Viewport(64, 48, 1)),
                FrameUpload.of(100, TestWebp.solid(64, 48, 0xff993366), new Viewport(64, 48, 1))));
        assertEquals(2, uploaded.size());
        assertTrue(uploaded.get(0).id().startsWith("frm_"));
        Event click = session.emit(EventInput.at(120, new EventPayload.Click(612, 388, Target.of("button", "Approve"))));
        assertEquals("sdk", click.source());
        assertEquals(uploaded.get(1).id(), click.frameId(), "anchored to the latest frame at or before its t_ms");
        List<Event> more = nusomi.events().emitMany(session.id(), List.of(
                EventInput.at(200, new EventPayload.InputText("amount", "12.00", null)),
                EventInput.at(480, new EventPayload.Success("invoice_approved"))));
        assertEquals(List.of("input_text", "success"), more.stream().map(Event::type).toList());
        session.tag("reviewed", Map.of("by", "bob"));

        Session sealed = session.stop().waitUntilSealed(Duration.ofSeconds(60));
        assertEquals("success", sealed.outcome());
        assertEquals(2, sealed.frameCount());
        assertEquals(4, sealed.eventCount(), "three emitted, and the tag (SPEC §2: a session tag is a tag event)");

        List<Event> all = nusomi.events().query(sealed.id()).toList();
        assertEquals(List.of(click.id(), more.get(0).id(), more.get(1).id()),
                all.stream().filter(e -> !e.type().equals("tag")).map(Event::id).toList());
        List<Event> tags = all.stream().filter(e -> e.type().equals("tag")).toList();
        assertEquals(1, tags.size(), all.toString());
        var tag = assertInstanceOf(EventPayload.Tag.class, tags.get(0).payload());
        assertEquals("reviewed", tag.name());
        assertEquals("bob", tag.data().path("by").asText());
        List<Event> streamedEvents = streamed.get(60, TimeUnit.SECONDS);
        // live order is arrival order: the tag is published at the stop, when the extractor reads the tags there
        assertEquals(all.stream().map(Event::id).sorted().toList(), streamedEvents.stream().map(Event::id).sorted().toList(),
                "the stream delivered every event once and ended at the seal");
        assertEquals(List.of(click.id(), more.get(0).id(), more.get(1).id()),
                streamedEvents.stream().filter(e -> !e.type().equals("tag")).map(Event::id).toList(), "in order");
        var typed = assertInstanceOf(EventPayload.Click.class, streamedEvents.stream()
                .filter(e -> e.id().equals(click.id())).findFirst().orElseThrow().payload());
        assertEquals("Approve", typed.target().name());

        // resuming after the first event replays exactly the rest (Last-Event-ID)
        try (EventStream resumed = nusomi.events().stream(sealed.id(), StreamOptions.DEFAULT.withLastEventId(click.id()))) {
            List<String> ids = all.stream().map(Event::id).toList();
            assertEquals(ids.subList(ids.indexOf(click.id()) + 1, ids.size()), resumed.stream().map(Event::id).toList());
        }
        List<Event> clicks = nusomi.events().query(sealed.id(), EventQuery.types(EventType.CLICK).withIncludeFrame(true)).toList();
        assertEquals(1, clicks.size());
        assertEquals(uploaded.get(1).id(), clicks.get(0).frame().id());

        List<Frame> frames = nusomi.frames().list(sealed.id()).toList();
        assertEquals(List.of(0L, 100L), frames.stream().map(Frame::tMs).toList());
        assertEquals(64, nusomi.frames().get(frames.get(0).id()).viewport().w());
        assertArrayEquals(webp, nusomi.frames().image(frames.get(0).id()), "the stored image is the uploaded one");

        // status sealed: under load a create whose answer was lost can leave a second, never started session
        assertEquals(List.of(sealed.id()), nusomi.sessions().list(SessionListFilter.workflow(WORKFLOW).withStatus("sealed"))
                .stream().map(Session::id).toList());
        assertTrue(nusomi.workflows().list().stream().filter(w -> w.slug().equals(WORKFLOW)).findFirst()
                .orElseThrow().sessionCount() >= 1);

        // an export into the installation's object store, waited for with progress
        String bucket = "sdk-java-datasets";
        platform.s3().createBucket(b -> b.bucket(bucket));
        List<String> progress = new CopyOnWriteArrayList<>();
        Export done = nusomi.exports().create(ExportCreate.builder().workflow(WORKFLOW).format("jsonl")
                        .filter(ExportFilter.outcome("success"))
                        .destination(Destination.s3(bucket, "sdk/v1/", "us-east-1", platform.s3Endpoint()))
                        .tag("sdk_java@v1").build())
                .waitFor(Duration.ofMillis(200), Duration.ofSeconds(90), e -> progress.add(e.status()));
        assertEquals("completed", done.status());
        assertEquals("s3://" + bucket + "/sdk/v1/manifest.json", done.manifestUrl());
        assertEquals(4L, done.rows(), "one row per event (event_only): the three emitted and the tag");
        assertEquals("completed", progress.get(progress.size() - 1));
        JsonNode manifest = Api.JSON.readTree(platform.s3().getObjectAsBytes(b -> b.bucket(bucket).key("sdk/v1/manifest.json"))
                .asByteArray());
        assertEquals(done.id(), manifest.path("export_id").asText());
        assertEquals(List.of(done.id()), nusomi.exports().list(ExportListFilter.tag("sdk_java@v1")).stream()
                .map(Export::id).toList());

        sealed.delete();
        var gone = assertThrows(NusomiException.class, () -> nusomi.sessions().get(sealed.id()));
        assertEquals("session_not_found", gone.code());
        assertEquals(404, gone.status());
        assertTrue(gone.requestId().startsWith("req_"), gone.requestId());
    }

    @Test
    void keysScopesAndRevocationThroughTheSdk(RunningPlatform.Handle platform) {
        Nusomi admin = newWorkspace(platform, "sdk-java-keys");
        ApiKey reader = admin.keys().create("reader", List.of("read"));
        assertTrue(reader.key().startsWith("nsk_"), "the secret is shown once");
        assertTrue(admin.keys().list().stream().anyMatch(k -> k.id().equals(reader.id()) && k.key() == null),
                "listings never show the secret");

        Nusomi readOnly = client(platform, reader.key());
        assertFalse(readOnly.sessions().list().iterator().hasNext());
        var denied = assertThrows(NusomiException.class, () -> readOnly.sessions().create(WORKFLOW));
        assertEquals("insufficient_scope", denied.code());
        assertEquals(403, denied.status());

        ApiKey revoked = admin.keys().revoke(reader.id());
        assertNotNull(revoked.revokedAt());
        var refused = assertThrows(NusomiException.class, () -> readOnly.sessions().list().iterator().hasNext());
        assertEquals("invalid_api_key", refused.code());

        var notOperator = assertThrows(NusomiException.class, () -> admin.workspaces().create("nope"));
        assertEquals(403, notOperator.status());
        assertTrue(client(platform, platform.operatorKey()).workspaces().list().stream()
                .anyMatch(w -> w.name().equals("sdk-java-keys")));
    }

    @Test
    void webhooksAreSignedAsTheSdkVerifierExpects(RunningPlatform.Handle platform) throws Exception {
        Nusomi nusomi = newWorkspace(platform, "sdk-java-hooks");
        record Delivery(String signature, byte[] body) {}
        List<Delivery> received = new CopyOnWriteArrayList<>();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/hook", exchange -> {
            received.add(new Delivery(exchange.getRequestHeaders().getFirst("Nusomi-Signature"),
                    exchange.getRequestBody().readAllBytes()));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.start();
        try {
            Webhook hook = nusomi.webhooks().create("http://127.0.0.1:" + server.getAddress().getPort() + "/hook",
                    List.of("session.created"), "sdk-java");
            assertTrue(hook.secret().startsWith("whsec_"));
            assertEquals(List.of(hook.id()), nusomi.webhooks().list().stream().map(Webhook::id).toList());

            Session s = nusomi.sessions().create("sdk_java_hooks");
            Instant deadline = Instant.now().plusSeconds(60);
            while (received.isEmpty() && Instant.now().isBefore(deadline)) {
                Thread.sleep(100);
            }
            assertFalse(received.isEmpty(), "the session.created delivery arrived");
            Delivery d = received.get(0);
            assertTrue(WebhookSignature.verify(d.body(), d.signature(), hook.secret()));
            assertFalse(WebhookSignature.verify(d.body(), d.signature(), "whsec_wrong"));
            assertEquals(s.id(), Api.JSON.readTree(d.body()).path("data").path("id").asText());
            assertTrue(nusomi.webhooks().deliveries(hook.id()).stream().findFirst().isPresent());

            nusomi.webhooks().delete(hook.id());
            assertFalse(nusomi.webhooks().list().iterator().hasNext());
            var gone = assertThrows(NusomiException.class, () -> nusomi.webhooks().delete(hook.id()));
            assertEquals("webhook_not_found", gone.code());
        } finally {
            server.stop(0);
        }
    }

    @Test
    void laterCapabilitiesSayTheyAreNotAvailableHere(RunningPlatform.Handle platform) {
        Nusomi nusomi = newWorkspace(platform, "sdk-java-later");
        Session s = nusomi.sessions().create("sdk_java_later");
        for (Runnable call : List.<Runnable>of(
                () -> nusomi.replay().exact(s.id(), ReplayOptions.DEFAULT),
                () -> nusomi.recovery().from(s.id(), null),
                () -> nusomi.memory().paths("sdk_java_later"))) {
            var e = assertThrows(NusomiException.class, call::run);
            assertEquals(NusomiException.NOT_AVAILABLE, e.code());
            assertTrue(e.getMessage().contains("not available on this server"), e.getMessage());
        }
        var notFound = new ArrayList<String>();
        try {
            nusomi.sessions().start("ses_00000000000000000000000000");
        } catch (NusomiException e) {
            notFound.add(e.code());
        }
        assertEquals(List.of("session_not_found"), notFound);
    }
}
