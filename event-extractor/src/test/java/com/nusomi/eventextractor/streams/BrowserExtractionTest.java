package com.nusomi.eventextractor.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nusomi.contracts.IdPrefix;
import com.nusomi.contracts.avro.Bounds;
import com.nusomi.contracts.avro.BrowserSignal;
import com.nusomi.contracts.avro.BusyPhase;
import com.nusomi.contracts.avro.BusySignal;
import com.nusomi.contracts.avro.ClickPayload;
import com.nusomi.contracts.avro.ElementRef;
import com.nusomi.contracts.avro.Event;
import com.nusomi.contracts.avro.EventSource;
import com.nusomi.contracts.avro.EventType;
import com.nusomi.contracts.avro.FocusChangeSignal;
import com.nusomi.contracts.avro.InputTextPayload;
import com.nusomi.contracts.avro.MarkerSignal;
import com.nusomi.contracts.avro.PointerPhase;
import com.nusomi.contracts.avro.PointerSignal;
import com.nusomi.contracts.avro.RawInputSignal;
import com.nusomi.contracts.avro.SessionStatus;
import com.nusomi.contracts.avro.SessionTag;
import com.nusomi.contracts.avro.SuccessPayload;
import com.nusomi.contracts.avro.ValueChangeSignal;
import com.nusomi.contracts.avro.WaitPayload;
import com.nusomi.devstack.DevStackResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A browser agent's raw signals through the running application on the devstack broker and registry (real Apicurio
 * serdes, exactly-once): the extracted events read committed from nusomi.events, anchored to the acted-on frame, once.
 */
@QuarkusTest
@QuarkusTestResource(DevStackResource.class)
class BrowserExtractionTest {
    private static final ElementRef SUBMIT = new ElementRef("button", "Create invoice", "#submit", "button", null, null,
            new Bounds(10.0, 20.0, 100.0, 30.0), null);
    private static final ElementRef CUSTOMER = new ElementRef("textbox", "Customer", "#customer", "input", "text", "customer",
            new Bounds(10.0, 80.0, 200.0, 24.0), null);

    private KafkaTestClients kafka;
    private String session;
    private long seq;

    @BeforeEach
    void clients() {
        kafka = new KafkaTestClients();
        session = IdPrefix.SESSION.newId();
    }

    @AfterEach
    void close() {
        kafka.close();
    }

    @Test
    void browserSignalsBecomeAnchoredEventsExactlyOnce() {
        kafka.frame(session, 0);
        var acted = kafka.frame(session, 100);
        browser(150, new PointerSignal(PointerPhase.down, 40.0, 60.0, 0, 1, List.of(), 1), SUBMIT, 100L);
        browser(180, new PointerSignal(PointerPhase.up, 40.0, 60.0, 0, 0, List.of(), 1), SUBMIT, 100L);
        browser(300, new ValueChangeSignal("Initech", false), CUSTOMER, 100L);
        browser(400, new FocusChangeSignal(CUSTOMER), SUBMIT, 100L);
        browser(1_000, new BusySignal(BusyPhase.start, "spinner", "d-b1"), null, 100L);
        browser(2_200, new BusySignal(BusyPhase.end, "spinner", "d-b1"), null, 100L);
        browser(2_300, new MarkerSignal("success", "invoice_created", null), null, 2_250L); // its frame comes later
        browser(2_400, new ValueChangeSignal("still typing", false), CUSTOMER, 100L);

        var before = kafka.events(session, 3); // click, input_text (focus left), wait; the marker waits for its frame
        var frame2250 = kafka.frame(session, 2_250);
        kafka.lifecycle(session, SessionStatus.stopped); // the field still being typed in is final

        kafka.events(session, 5);
        var events = kafka.eventsUpToNow(session);
        assertEquals(3, before.size(), before.toString());
        assertEquals(5, events.size(), events.toString());
        assertEquals(5, new HashSet<>(events.stream().map(Event::getEventId).toList()).size(), "no event twice");
        events.forEach(e -> {
            assertEquals(EventSource.dom, e.getSource());
            assertTrue(e.getConfidence() >= 0.99);
            assertTrue(IdPrefix.EVENT.matches(e.getEventId()), e.getEventId());
        });
        var click = ofType(events, EventType.click).getFirst();
        assertEquals(acted, click.getFrameId());
        assertEquals("#submit", ((ClickPayload) click.getPayload()).getTarget().getSelector());
        var inputs = ofType(events, EventType.input_text).stream().map(e -> ((InputTextPayload) e.getPayload()).getValue()).toList();
        assertEquals(List.of("Initech", "still typing"), inputs);
        assertEquals(new WaitPayload(1_200L, "spinner"), ofType(events, EventType.wait).getFirst().getPayload());
        var success = ofType(events, EventType.success).getFirst();
        assertEquals(new SuccessPayload("invoice_created"), success.getPayload());
        assertEquals(frame2250, success.getFrameId(), "waited for the frame it acted on");
    }

    @Test
    void whatTheStopPublishesComesInTMsThenIdOrder() {
        kafka.frame(session, 0);
        kafka.frame(session, 100);
        browser(150, new PointerSignal(PointerPhase.down, 40.0, 60.0, 0, 1, List.of(), 1), SUBMIT, 100L);
        browser(180, new PointerSignal(PointerPhase.up, 40.0, 60.0, 0, 0, List.of(), 1), SUBMIT, 100L);
        browser(2_300, new MarkerSignal("success", "invoice_created", null), null, 2_250L); // held: its frame never comes
        browser(2_400, new ValueChangeSignal("still typing", false), CUSTOMER, 100L); // held until a blur or the stop
        var live = kafka.events(session, 1);

        // the stop flushes three sources at once: the field being typed in, the session's tags, the held success
        kafka.lifecycle(session, SessionStatus.stopped, List.of(
                new SessionTag("checkout", null, 2_350L),
                new SessionTag("opened", null, 0L),
                new SessionTag("step", "{\"n\":1}", 1_000L),
                new SessionTag("step", "{\"n\":2}", 1_000L)));

        kafka.events(session, 7);
        var events = kafka.eventsUpToNow(session);
        assertEquals(7, events.size(), events.toString());
        assertEquals(live, events.subList(0, 1), "the live click stays first, as published before the stop");
        var flushed = events.subList(1, 7);
        assertEquals(List.of(0L, 1_000L, 1_000L, 2_300L, 2_350L, 2_400L), flushed.stream().map(Event::getTMs).toList(),
                flushed.toString());
        assertEquals(List.of(EventType.tag, EventType.tag, EventType.tag, EventType.success, EventType.tag, EventType.input_text),
                flushed.stream().map(Event::getType).toList());
        var byTMsThenId = Comparator.comparingLong(Event::getTMs).thenComparing(Event::getEventId);
        assertEquals(flushed.stream().sorted(byTMsThenId).toList(), flushed, "two tags at one t_ms: by event_id");
    }

    private void browser(long tMs, Object body, ElementRef target, Long frameTMs) {
        var browser = new BrowserSignal(seq++, body, target, frameTMs, "TAB-1", "http://127.0.0.1:8765/new.html");
        kafka.signal(session, tMs, new RawInputSignal("browser", "{}", browser));
    }

    private static List<Event> ofType(List<Event> events, EventType type) {
        return events.stream().filter(e -> e.getType() == type).toList();
    }
}
