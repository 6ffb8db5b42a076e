package com.nusomi.eventextractor.extraction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nusomi.contracts.IdPrefix;
import com.nusomi.contracts.Topic;
import com.nusomi.contracts.avro.Actor;
import com.nusomi.contracts.avro.ActorKind;
import com.nusomi.contracts.avro.BlobRef;
import com.nusomi.contracts.avro.Bounds;
import com.nusomi.contracts.avro.BrowserSignal;
import com.nusomi.contracts.avro.BusyPhase;
import com.nusomi.contracts.avro.BusySignal;
import com.nusomi.contracts.avro.CaptureSignal;
import com.nusomi.contracts.avro.ClickPayload;
import com.nusomi.contracts.avro.ElementRef;
import com.nusomi.contracts.avro.ErrorPayload;
import com.nusomi.contracts.avro.FailureSignal;
import com.nusomi.contracts.avro.Event;
import com.nusomi.contracts.avro.EventSource;
import com.nusomi.contracts.avro.EventType;
import com.nusomi.contracts.avro.FocusChangeSignal;
import com.nusomi.contracts.avro.FormField;
import com.nusomi.contracts.avro.FormSubmitSignal;
import com.nusomi.contracts.avro.FrameCaptured;
import com.nusomi.contracts.avro.InputTextPayload;
import com.nusomi.contracts.avro.KeySignal;
import com.nusomi.contracts.avro.KeypressPayload;
import com.nusomi.contracts.avro.MarkerSignal;
import com.nusomi.contracts.avro.NavigatePayload;
import com.nusomi.contracts.avro.NavigationSignal;
import com.nusomi.contracts.avro.PointerPhase;
import com.nusomi.contracts.avro.PointerSignal;
import com.nusomi.contracts.avro.RawInputSignal;
import com.nusomi.contracts.avro.RetryPayload;
import com.nusomi.contracts.avro.SessionLifecycle;
import com.nusomi.contracts.avro.SessionSnapshot;
import com.nusomi.contracts.avro.SessionTag;
import com.nusomi.contracts.avro.SessionStatus;
import com.nusomi.contracts.avro.SubmitPayload;
import com.nusomi.contracts.avro.SuccessPayload;
import com.nusomi.contracts.avro.TagPayload;
import com.nusomi.contracts.avro.Surface;
import com.nusomi.contracts.avro.ValidationErrorPayload;
import com.nusomi.contracts.avro.ValidationSignal;
import com.nusomi.contracts.avro.ValueChangeSignal;
import com.nusomi.contracts.avro.WaitPayload;
import com.nusomi.eventextractor.anchoring.AnchoringTopology;
import com.nusomi.eventextractor.anchoring.InMemoryAvroSerde;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The extraction rules of docs/extraction.md on the topology alone (TopologyTestDriver: no broker, no registry). */
class BrowserRulesTest {
    private static final String WORKSPACE = IdPrefix.WORKSPACE.newId();
    private static final Instant T0 = Instant.parse("2026-12-06T10:00:00Z");
    private static final String TAB = "TAB-1";

    @TempDir
    Path stateDir;

    private final List<TopologyTestDriver> drivers = new ArrayList<>();
    private final List<String> unextracted = new ArrayList<>();
    private Pipes pipes;
    private String session;
    private long seq;
    private long frameTMs = -1;
    private String lastFrame;

    /** The three inputs and the output of one topology under test. */
    private record Pipes(TestInputTopic<String, FrameCaptured> frames, TestInputTopic<String, CaptureSignal> signals,
                         TestInputTopic<String, SessionLifecycle> lifecycle, TestOutputTopic<String, Event> events) {}

    @BeforeEach
    void start() {
        pipes = newTopology("a");
        session = IdPrefix.SESSION.newId();
    }

    @AfterEach
    void stop() {
        drivers.forEach(TopologyTestDriver::close);
    }

    private Pipes newTopology(String dir) {
        var serdes = new AnchoringTopology.AvroSerdes(
                InMemoryAvroSerde.of(FrameCaptured.class), InMemoryAvroSerde.of(CaptureSignal.class),
                InMemoryAvroSerde.of(Event.class), InMemoryAvroSerde.of(SessionLifecycle.class));
        var topology = AnchoringTopology.build(serdes, (signal, raw, anchors) -> {
            unextracted.add(raw.getKind());
            return List.of();
        });
        var props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "event-extractor-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.resolve(dir).toString());
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        var driver = new TopologyTestDriver(topology, props);
        drivers.add(driver);
        var keys = Serdes.String();
        return new Pipes(
                driver.createInputTopic(Topic.CAPTURE_FRAMES.topicName(), keys.serializer(), serdes.frames().serializer()),
                driver.createInputTopic(Topic.CAPTURE_SIGNALS.topicName(), keys.serializer(), serdes.signals().serializer()),
                driver.createInputTopic(Topic.SESSION_LIFECYCLE.topicName(), keys.serializer(), serdes.lifecycle().serializer()),
                driver.createOutputTopic(Topic.EVENTS.topicName(), keys.deserializer(), serdes.events().deserializer()));
    }

    // ---------- click ----------

    @Test
    void aPressAndReleaseOnTheSameElementIsOneClickAnchoredToTheFrameItActedOn() {
        frame(0);
        var acted = frame(100);
        var down = signal(150, pointer(PointerPhase.down, 40, 60, 0, List.of("shift"), 1), button("#submit", "Create invoice"));
        frame(200);
        signal(230, pointer(PointerPhase.up, 40, 60, 0, List.of("shift"), 1), button("#submit", "Create invoice"));

        var click = only(EventType.click);
        assertEquals(acted, click.getFrameId(), "the frame the press acted on (frame_t_ms), not the one before the release");
        assertEquals(150, click.getTMs());
        assertEquals(EventSource.dom, click.getSource());
        assertTrue(click.getConfidence() >= 0.99);
        assertEquals(session, click.getSessionId());
        assertEquals(WORKSPACE, click.getWorkspaceId());
        assertEquals(EventIds.of(down, EventType.click, T0.toEpochMilli() + 150), click.getEventId());
        var payload = (ClickPayload) click.getPayload();
        assertEquals(40.0, payload.getX());
        assertEquals(60.0, payload.getY());
        assertEquals(List.of("shift"), payload.getModifiers());
        assertEquals("button", payload.getTarget().getRole());
        assertEquals("Create invoice", payload.getTarget().getName());
        assertEquals("#submit", payload.getTarget().getSelector());
        assertEquals(new Bounds(10.0, 20.0, 100.0, 30.0), payload.getTarget().getBounds());
    }

    @Test
    void rightClicksCountMiddleButtonsDragsAndStrayReleasesDoNot() {
        frame(0);
        click(100, 2, "#row");
        signal(200, pointer(PointerPhase.down, 40, 60, 1, List.of(), 1), button("#row", "Row"));
        signal(210, pointer(PointerPhase.up, 40, 60, 1, List.of(), 1), button("#row", "Row"));
        signal(300, pointer(PointerPhase.up, 40, 60, 0, List.of(), 1), button("#row", "Row"));
        signal(400, pointer(PointerPhase.down, 40, 60, 0, List.of(), 1), button("#a", "A"));
        signal(450, pointer(PointerPhase.up, 240, 60, 0, List.of(), 1), button("#b", "B"));

        var events = drain();
        assertEquals(1, events.size(), "only the right click: " + events);
        assertEquals(EventType.click, events.getFirst().getType());
    }

    // ---------- keypress ----------

    @Test
    void commandKeysAndChordsAreKeypressesTypingIsNot() {
        frame(0);
        var field = field("#customer", "customer");
        signal(100, key("a", List.of(), false), field);
        signal(110, key("Shift", List.of("shift"), false), field);
        signal(120, key("A", List.of("shift"), false), field);
        signal(130, key("Backspace", List.of(), false), field);
        signal(140, key("Enter", List.of(), false), field);
        signal(150, key("Enter", List.of(), true), field);
        signal(160, key("s", List.of("ctrl"), false), field);
        signal(170, key("Escape", List.of(), false), field);

        var presses = drain().stream().filter(e -> e.getType() == EventType.keypress).toList();
        assertEquals(List.of("Enter", "s", "Escape"), presses.stream().map(e -> ((KeypressPayload) e.getPayload()).getKey()).toList());
        var chord = (KeypressPayload) presses.get(1).getPayload();
        assertEquals(List.of("ctrl"), chord.getModifiers());
        assertEquals("#customer", chord.getTarget().getSelector());
    }

    // ---------- input_text ----------

    @Test
    void typingIsOneInputTextWithTheFinalValueOnceFocusLeavesTheField() {
        frame(0);
        var customer = field("#customer", "customer");
        signal(100, value("I"), customer);
        signal(110, value("In"), customer);
        var last = signal(120, value("Ini"), customer);
        assertTrue(drain().isEmpty(), "nothing while the field is being typed in");

        signal(500, new FocusChangeSignal(customer), field("#amount", "amount"));

        var input = only(EventType.input_text);
        assertEquals(120, input.getTMs(), "at the last change");
        assertEquals(EventIds.of(last, EventType.input_text, T0.toEpochMilli() + 120), input.getEventId());
        var payload = (InputTextPayload) input.getPayload();
        assertEquals("customer", payload.getField());
        assertEquals("Ini", payload.getValue());
        assertEquals("#customer", payload.getTarget().getSelector());
    }

    @Test
    void aSubmitReportsPendingFieldsFirstAndMaskedValuesStayMasked() {
        frame(0);
        var password = new ElementRef("textbox", "Password", "#password", "input", "password", "password", null, null);
        signal(100, value("[masked]"), password);
        signal(300, new FormSubmitSignal("login", List.of(new FormField("password", "password", "[masked]", true))), form("#login"));

        var events = drain();
        assertEquals(List.of(EventType.input_text, EventType.submit), events.stream().map(Event::getType).toList());
        assertEquals("[masked]", ((InputTextPayload) events.getFirst().getPayload()).getValue());
        var submit = (SubmitPayload) events.get(1).getPayload();
        assertEquals("login", submit.getForm());
        assertEquals("{\"password\":\"[masked]\"}", submit.getPayload());
    }

    @Test
    void aFieldQuietForFiveSecondsIsReportedButThePagesOwnReactionsDoNotEndTyping() {
        frame(0);
        var amount = field("#amount", "amount");
        signal(100, value("4"), amount);
        signal(150, validation("amount", "Enter an amount", "aria_invalid"), amount);
        assertTrue(drain().stream().noneMatch(e -> e.getType() == EventType.input_text), "a validation message does not end typing");

        signal(100 + BrowserRules.INPUT_QUIET_MS, busy(BusyPhase.start, "spinner", "b1"), null);

        var input = only(EventType.input_text);
        assertEquals("4", ((InputTextPayload) input.getPayload()).getValue());
    }

    @Test
    void theFieldStillBeingTypedInIsReportedWhenTheSessionStops() {
        frame(0);
        signal(100, value("Initech"), field("#customer", "customer"));
        assertTrue(drain().isEmpty());

        lifecycle(SessionStatus.stopped);

        var input = only(EventType.input_text);
        assertEquals("Initech", ((InputTextPayload) input.getPayload()).getValue());
        lifecycle(SessionStatus.stopped);
        assertTrue(drain().isEmpty(), "reported once");
    }

    // ---------- navigate, submit, validation_error ----------

    @Test
    void navigationsAndTheirPendingFields() {
        frame(0);
        signal(100, value("alice"), field("#username", "username"));
        signal(200, new NavigationSignal("http://127.0.0.1:8765/", "http://127.0.0.1:8765/invoices.html", "script"), null);

        var events = drain();
        assertEquals(List.of(EventType.input_text, EventType.navigate), events.stream().map(Event::getType).toList());
        var navigate = (NavigatePayload) events.get(1).getPayload();
        assertEquals("http://127.0.0.1:8765/", navigate.getFromUrl());
        assertEquals("http://127.0.0.1:8765/invoices.html", navigate.getToUrl());
        assertEquals("script", navigate.getSource());
    }

    @Test
    void theSameFieldAndMessageFromTwoSourcesIsOneValidationErrorPerAttempt() {
        frame(0);
        var amount = field("#amount", "amount");
        signal(100, validation("amount", "Enter an amount greater than 0", "aria_invalid"), amount);
        signal(100, validation("amount", "Enter an amount greater than 0", "role_alert"), null);
        signal(100, validation("card", "Card number must have 16 digits", "role_alert"), null);
        var first = drain();
        assertEquals(2, first.size(), first.toString());
        var error = (ValidationErrorPayload) first.getFirst().getPayload();
        assertEquals("amount", error.getField());
        assertEquals("Enter an amount greater than 0", error.getMessage());

        signal(500, new FormSubmitSignal("invoice", List.of()), form("#invoice"));
        signal(600, validation("amount", "Enter an amount greater than 0", "invalid_pseudo"), amount);
        assertEquals(1, drain().stream().filter(e -> e.getType() == EventType.validation_error).count(), "a new attempt");
    }

    // ---------- retry ----------

    @Test
    void theSameClickAndSubmitWithin30sOnThePageAreRetriesOfTheFirst() {
        frame(0);
        var firstClick = click(1_000, 0, "#submit");
        signal(1_010, new FormSubmitSignal("invoice", List.of()), form("#invoice"));
        var first = drain();
        var firstSubmit = first.stream().filter(e -> e.getType() == EventType.submit).findFirst().orElseThrow();
        assertTrue(first.stream().noneMatch(e -> e.getType() == EventType.retry));

        click(4_000, 0, "#submit");
        signal(4_010, new FormSubmitSignal("invoice", List.of()), form("#invoice"));

        var retries = drain().stream().filter(e -> e.getType() == EventType.retry).toList();
        assertEquals(2, retries.size(), retries.toString());
        var ofClick = (RetryPayload) retries.get(0).getPayload();
        assertEquals(clickEventId(firstClick, 1_000), ofClick.getOfEventId());
        assertEquals(3_000, ofClick.getAfterMs());
        assertEquals(4_000, retries.get(0).getTMs());
        var ofSubmit = (RetryPayload) retries.get(1).getPayload();
        assertEquals(firstSubmit.getEventId(), ofSubmit.getOfEventId());
        assertEquals(3_000, ofSubmit.getAfterMs());
    }

    @Test
    void noRetryAfter30sAcrossANavigationOrForADoubleClick() {
        frame(0);
        click(1_000, 0, "#submit");
        click(1_000 + BrowserRules.RETRY_WINDOW_MS + 1, 0, "#submit");
        signal(40_000, new NavigationSignal(null, "http://127.0.0.1:8765/new.html", "link"), null);
        click(41_000, 0, "#submit");
        signal(41_200, pointer(PointerPhase.down, 40, 60, 0, List.of(), 2), button("#submit", "Create invoice"));
        signal(41_210, pointer(PointerPhase.up, 40, 60, 0, List.of(), 2), button("#submit", "Create invoice"));
        click(45_000, 0, "#other");

        var events = drain();
        assertEquals(0, events.stream().filter(e -> e.getType() == EventType.retry).count(), events.toString());
        assertEquals(5, events.stream().filter(e -> e.getType() == EventType.click).count());
    }

    // ---------- wait ----------

    @Test
    void aBusyStateOfASecondOrMoreIsAWaitAndAnAriaBusyRegionIsASpinner() {
        frame(0);
        var start = signal(1_000, busy(BusyPhase.start, "aria_busy", "d-b1"), null);
        signal(2_500, busy(BusyPhase.end, "aria_busy", "d-b1"), null);
        signal(3_000, busy(BusyPhase.start, "network", "d-n2"), null);
        signal(3_999, busy(BusyPhase.end, "network", "d-n2"), null);

        var wait = only(EventType.wait);
        assertEquals(1_000, wait.getTMs(), "at the start of the busy state");
        assertEquals(EventIds.of(start, EventType.wait, T0.toEpochMilli() + 1_000), wait.getEventId());
        assertEquals(new WaitPayload(1_500L, "spinner"), wait.getPayload());
    }

    @Test
    void aModalTheUserAnsweredIsNoWaitOneLeftAloneIs() {
        frame(0);
        signal(1_000, busy(BusyPhase.start, "modal", "d-b1"), null);
        click(2_500, 0, "#confirm-yes");
        signal(2_520, busy(BusyPhase.end, "modal", "d-b1"), null);
        signal(3_000, busy(BusyPhase.start, "modal", "d-b2"), null);
        signal(5_000, busy(BusyPhase.end, "modal", "d-b2"), null);

        var wait = only(EventType.wait);
        assertEquals(new WaitPayload(2_000L, "modal"), wait.getPayload());
    }

    // ---------- success / error ----------

    @Test
    void markersAreSuccessAndErrorEvents() {
        frame(0);
        signal(100, new MarkerSignal("success", "invoice_created", null), null);
        signal(200, new MarkerSignal("error", "payment_declined", "Card declined"), null);

        var events = drain();
        assertEquals(new SuccessPayload("invoice_created"), events.get(0).getPayload());
        assertEquals(EventType.success, events.get(0).getType());
        assertEquals(new ErrorPayload("payment_declined", "Card declined"), events.get(1).getPayload());
        assertEquals(EventType.error, events.get(1).getType());
    }

    @Test
    void aDetectedFailureIsAnErrorLessCertainThanAMarkerAndOneActionFailsOnce() {
        frame(0);
        click(100, 0, "#confirm-yes");
        signal(300, new FailureSignal("http_error", "POST /api/invoices answered 500", 500), null);
        signal(350, new FailureSignal("alert", "Could not save the invoice", null), null); // the banner of that failure
        var first = only(EventType.error);
        assertEquals(new ErrorPayload("http_error", "POST /api/invoices answered 500"), first.getPayload());
        assertEquals(BrowserRules.DETECTED_FAILURE_CONFIDENCE, first.getConfidence());
        assertTrue(first.getConfidence() < BrowserRules.DOM_CONFIDENCE, "below a marker's");
        assertEquals(EventSource.dom, first.getSource());

        click(2_000, 0, "#confirm-yes"); // the user tries again: a new action, a new failure
        signal(2_200, new FailureSignal("network_error", "POST /api/invoices failed: Failed to fetch", null), null);
        var second = drain().stream().filter(e -> e.getType() == EventType.error).toList();
        assertEquals(List.of(new ErrorPayload("network_error", "POST /api/invoices failed: Failed to fetch")),
                second.stream().map(Event::getPayload).toList());
    }

    @Test
    void aFailureThePageMarkedIsNotReportedAgainAsDetected() {
        frame(0);
        click(100, 0, "#pay");
        signal(200, new MarkerSignal("error", "payment_declined", "Card declined"), null);
        signal(250, new FailureSignal("alert", "Card declined", null), null);
        assertEquals(new ErrorPayload("payment_declined", "Card declined"), only(EventType.error).getPayload());
    }

    // ---------- tag ----------

    @Test
    void theSessionsTagsBecomeTagEventsAnchoredAtTheirTMsWhenItStops() {
        var first = frame(0);
        var second = frame(1_000);
        frame(2_000);
        lifecycle(SessionStatus.stopped, List.of(new SessionTag("checkpoint", "{\"step\":2}", 1_500L),
                new SessionTag("release", null, 0L)));

        var tags = drain().stream().filter(e -> e.getType() == EventType.tag).toList();
        assertEquals(List.of(new TagPayload("release", null), new TagPayload("checkpoint", "{\"step\":2}")),
                tags.stream().map(Event::getPayload).toList(), "published in t_ms order, not in the order they were tagged");
        assertEquals(List.of(0L, 1_500L), tags.stream().map(Event::getTMs).toList());
        assertEquals(List.of(first, second), tags.stream().map(Event::getFrameId).toList(), "the latest frame at or before t_ms");
        assertTrue(tags.stream().allMatch(e -> e.getSource() == EventSource.sdk && e.getConfidence() == 1.0), tags.toString());

        lifecycle(SessionStatus.stopped, List.of(new SessionTag("checkpoint", "{\"step\":2}", 1_500L),
                new SessionTag("release", null, 0L)));
        assertTrue(drain().isEmpty(), "the sealer's outbox may publish the stop again: no tag twice");
    }

    @Test
    void aStopRepublishedAfterTheSealAddsNoTag() {
        frame(0);
        lifecycle(SessionStatus.stopped, List.of(new SessionTag("checkpoint", null, 10L)));
        assertEquals(1, drain().size());
        lifecycle(SessionStatus.sealed);
        lifecycle(SessionStatus.stopped, List.of(new SessionTag("checkpoint", null, 10L)));
        assertTrue(drain().isEmpty());
    }

    // ---------- anchoring, ids, other raw signals ----------

    @Test
    void anEventWaitsForItsFrameAndTakesTheLatestEarlierOneWhenItsFrameIsLost() {
        var first = frame(0);
        frameTMs = 200; // the agent captured frames at 200 and 400 that have not been indexed yet
        signal(250, new MarkerSignal("success", "a", null), null);
        frameTMs = 300; // lost: never arrives
        signal(350, new MarkerSignal("success", "b", null), null);
        assertTrue(drain().isEmpty(), "both wait for their frame");

        var at200 = frame(200);
        var a = drain();
        assertEquals(1, a.size());
        assertEquals(at200, a.getFirst().getFrameId());

        frame(400);
        var b = drain();
        assertEquals(1, b.size());
        assertEquals(at200, b.getFirst().getFrameId(), "the frame at 300 was lost: the latest before it");
        assertFalse(first.equals(at200));
    }

    @Test
    void waitingEventsTakeTheBestFrameWhenTheSessionStops() {
        var only = frame(0);
        frameTMs = 500;
        signal(600, new MarkerSignal("success", "a", null), null);
        assertTrue(drain().isEmpty());

        lifecycle(SessionStatus.stopped);

        assertEquals(only, only(EventType.success).getFrameId());
    }

    @Test
    void aReplayYieldsTheSameEventsWithTheSameIds() {
        frame(0);
        click(100, 0, "#a");
        signal(200, value("Initech"), field("#customer", "customer"));
        signal(300, new FormSubmitSignal("invoice", List.of(new FormField("customer", "text", "Initech", false))), form("#invoice"));
        signal(400, validation("amount", "Enter an amount", "aria_invalid"), null);
        var firstRun = drain();

        var replay = newTopology("b"); // a restart with no local state, reading the same records again
        replay.frames().pipeInput(session, frameRecord(lastFrame, 0), T0.toEpochMilli());
        signalsSent.forEach(s -> replay.signals().pipeInput(session, s, T0.toEpochMilli() + s.getTMs()));

        assertEquals(4, firstRun.size(), firstRun.toString());
        assertEquals(firstRun, replay.events().readValuesToList(), "same ids, payloads and anchors");
    }

    @Test
    void aBatchCaptureIngestPublishesAgainAfterACrashAddsNoEventAndNoRetry() {
        frame(0);
        click(100, 0, "#a");
        signal(300, new FormSubmitSignal("invoice", List.of()), form("#invoice"));
        var first = drain();

        // the same signals (same ids and seqs) published again, received later: ingest crashed before logging them
        signalsSent.forEach(s -> pipes.signals().pipeInput(session,
                new CaptureSignal(s.getSignalId(), session, WORKSPACE, s.getTMs(), s.getBody(), T0.plusSeconds(5)),
                T0.toEpochMilli() + s.getTMs()));
        click(400, 0, "#b");

        assertEquals(List.of(EventType.click, EventType.submit), first.stream().map(Event::getType).toList());
        assertEquals(List.of(EventType.click), drain().stream().map(Event::getType).toList(),
                "only the new click: the repeats are skipped, and no retry of the first click or submit");
    }

    @Test
    void rawSignalsWithoutABrowserSignalStillGoToTheGenericExtractor() {
        frame(0);
        pipes.signals().pipeInput(session, capture(IdPrefix.SIGNAL.newId(), 10,
                RawInputSignal.newBuilder().setKind("pointer").setData("{}").build()));
        assertEquals(List.of("pointer"), unextracted);
        assertTrue(drain().isEmpty());
    }

    // ---------- fixtures ----------

    private final List<CaptureSignal> signalsSent = new ArrayList<>();

    private String frame(long tMs) {
        var frameId = IdPrefix.FRAME.newId();
        pipes.frames().pipeInput(session, frameRecord(frameId, tMs), T0.toEpochMilli() + tMs);
        frameTMs = Math.max(frameTMs, tMs);
        lastFrame = frameId;
        return frameId;
    }

    private FrameCaptured frameRecord(String frameId, long tMs) {
        return FrameCaptured.newBuilder()
                .setFrameId(frameId)
                .setSessionId(session)
                .setWorkspaceId(WORKSPACE)
                .setTMs(tMs)
                .setImage(BlobRef.newBuilder().setBucket("nusomi").setKey("frames/x.webp").setSha256("00").setSize(1).setW(1).setH(1).build())
                .setCapturedAt(T0.plusMillis(tMs))
                .build();
    }

    /** Sends a browser signal at {@code tMs} (frame_t_ms = the latest frame so far); returns its signal id. */
    private String signal(long tMs, Object body, ElementRef target) {
        var signalId = IdPrefix.SIGNAL.newId();
        var browser = new BrowserSignal(seq++, body, target, frameTMs < 0 ? null : frameTMs, TAB, "http://127.0.0.1:8765/new.html");
        var kind = switch (body) {
            case PointerSignal p -> p.getPhase() == PointerPhase.down ? "pointer_down" : "pointer_up";
            case BusySignal b -> b.getPhase() == BusyPhase.start ? "busy_start" : "busy_end";
            default -> body.getClass().getSimpleName();
        };
        var signal = capture(signalId, tMs, new RawInputSignal(kind, "{}", browser));
        signalsSent.add(signal);
        pipes.signals().pipeInput(session, signal, T0.toEpochMilli() + tMs);
        return signalId;
    }

    private CaptureSignal capture(String signalId, long tMs, Object body) {
        return new CaptureSignal(signalId, session, WORKSPACE, tMs, body, T0.plusMillis(tMs));
    }

    /** A press and release 20 ms later on {@code selector}; returns the press's signal id. */
    private String click(long tMs, int button, String selector) {
        var target = button(selector, selector.substring(1));
        var down = signal(tMs, pointer(PointerPhase.down, 40, 60, button, List.of(), 1), target);
        signal(tMs + 20, pointer(PointerPhase.up, 40, 60, button, List.of(), 1), target);
        return down;
    }

    private static String clickEventId(String downSignalId, long tMs) {
        return EventIds.of(downSignalId, EventType.click, T0.toEpochMilli() + tMs);
    }

    private void lifecycle(SessionStatus to) {
        lifecycle(to, List.of());
    }

    private void lifecycle(SessionStatus to, List<SessionTag> tags) {
        var snapshot = SessionSnapshot.newBuilder().setId(session).setWorkspaceId(WORKSPACE).setWorkflow("process_invoice")
                .setStatus(to).setActor(Actor.newBuilder().setKind(ActorKind.script).build()).setSurface(Surface.web)
                .setTags(tags).setCreatedAt(T0).build();
        var at = T0.plusSeconds(3_600);
        pipes.lifecycle().pipeInput(session, SessionLifecycle.newBuilder().setTransitionId(session + ":" + to)
                .setSessionId(session).setWorkspaceId(WORKSPACE).setToStatus(to).setSession(snapshot).setAt(at).build(),
                at.toEpochMilli());
    }

    private static PointerSignal pointer(PointerPhase phase, double x, double y, int button, List<String> modifiers, int clicks) {
        return new PointerSignal(phase, x, y, button, phase == PointerPhase.down ? 1 : 0, modifiers, clicks);
    }

    private static KeySignal key(String key, List<String> modifiers, boolean repeat) {
        return new KeySignal(key, null, modifiers, repeat);
    }

    private static ValueChangeSignal value(String value) {
        return new ValueChangeSignal(value, value.equals("[masked]"));
    }

    private static ValidationSignal validation(String field, String message, String source) {
        return new ValidationSignal(field, message, source);
    }

    private static BusySignal busy(BusyPhase phase, String reason, String id) {
        return new BusySignal(phase, reason, id);
    }

    private static ElementRef button(String selector, String name) {
        return new ElementRef("button", name, selector, "button", null, null, new Bounds(10.0, 20.0, 100.0, 30.0), null);
    }

    private static ElementRef field(String selector, String name) {
        return new ElementRef("textbox", name, selector, "input", "text", name, new Bounds(10.0, 80.0, 200.0, 24.0), null);
    }

    private static ElementRef form(String selector) {
        return new ElementRef("form", null, selector, "form", null, selector.substring(1), null, null);
    }

    private List<Event> drain() {
        return pipes.events().readValuesToList();
    }

    private Event only(EventType type) {
        var events = drain();
        var ofType = events.stream().filter(e -> e.getType() == type).toList();
        assertEquals(1, ofType.size(), "exactly one " + type + " expected: " + events);
        assertFalse(ofType.getFirst().getFrameId().isEmpty(), "anchored to a frame");
        return ofType.getFirst();
    }
}
