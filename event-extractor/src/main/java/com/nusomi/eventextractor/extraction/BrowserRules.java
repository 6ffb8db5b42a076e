package com.nusomi.eventextractor.extraction;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nusomi.contracts.avro.BrowserSignal;
import com.nusomi.contracts.avro.BusyPhase;
import com.nusomi.contracts.avro.BusySignal;
import com.nusomi.contracts.avro.CaptureSignal;
import com.nusomi.contracts.avro.ClickPayload;
import com.nusomi.contracts.avro.ErrorPayload;
import com.nusomi.contracts.avro.Event;
import com.nusomi.contracts.avro.EventSource;
import com.nusomi.contracts.avro.EventType;
import com.nusomi.contracts.avro.FailureSignal;
import com.nusomi.contracts.avro.FocusChangeSignal;
import com.nusomi.contracts.avro.FormField;
import com.nusomi.contracts.avro.FormSubmitSignal;
import com.nusomi.contracts.avro.InputTextPayload;
import com.nusomi.contracts.avro.KeySignal;
import com.nusomi.contracts.avro.KeypressPayload;
import com.nusomi.contracts.avro.MarkerSignal;
import com.nusomi.contracts.avro.NavigatePayload;
import com.nusomi.contracts.avro.NavigationSignal;
import com.nusomi.contracts.avro.PointerPhase;
import com.nusomi.contracts.avro.PointerSignal;
import com.nusomi.contracts.avro.RetryPayload;
import com.nusomi.contracts.avro.SubmitPayload;
import com.nusomi.contracts.avro.SuccessPayload;
import com.nusomi.contracts.avro.ValidationErrorPayload;
import com.nusomi.contracts.avro.ValidationSignal;
import com.nusomi.contracts.avro.ValueChangeSignal;
import com.nusomi.contracts.avro.WaitPayload;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The extraction rules of docs/extraction.md: a browser capture agent's raw signals of one session, in seq order, become
 * SPEC §2 events. A pure function of the session's state and the next signal; time is the signals' own t_ms (never
 * the wall clock), so a replay yields the same events with the same ids.
 */
public final class BrowserRules {
    /** A field is reported once nothing happened to it for this long (and at once when focus, a submit or a page leaves it). */
    public static final long INPUT_QUIET_MS = 5_000;
    /** SPEC §2 retry: the same action on the same target within 30 s. */
    public static final long RETRY_WINDOW_MS = 30_000;
    /** SPEC §2 wait: the UI was busy at least this long. */
    public static final long WAIT_MIN_MS = 1_000;
    /** SPEC §2: events derived from the DOM/AX tree carry confidence ≥ 0.99. */
    public static final double DOM_CONFIDENCE = 0.99;
    /** A failure the page did not mark is inferred (a failed request, an alert): less certain than a marker. */
    public static final double DETECTED_FAILURE_CONFIDENCE = 0.9;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> COMMAND_KEYS = Set.of("Enter", "Tab", "Escape");
    private static final Set<String> MODIFIER_KEYS = Set.of("Control", "Shift", "Alt", "Meta", "AltGraph", "CapsLock", "Fn");
    private static final Pattern FUNCTION_KEY = Pattern.compile("F([1-9]|1[0-9]|2[0-4])");
    private static final double CLICK_SLOP_PX = 5;

    private BrowserRules() {}

    /** The events {@code browser} completes, updating {@code state}; in the order they were decided. */
    public static List<Extracted> apply(SessionState state, CaptureSignal signal, BrowserSignal browser) {
        var at = new At(signal, browser);
        var out = new ArrayList<Extracted>();
        flushInputsLeftBehind(state, at, browser.getBody(), out);
        switch (browser.getBody()) {
            case PointerSignal p when p.getPhase() == PointerPhase.down -> pointerDown(state, at, p);
            case PointerSignal p -> pointerUp(state, at, p, out);
            case KeySignal k -> key(state, at, k, out);
            case ValueChangeSignal v -> valueChange(state, at, v);
            case FocusChangeSignal ignored -> { }
            case NavigationSignal n -> navigation(state, at, n, out);
            case FormSubmitSignal f -> submit(state, at, f, out);
            case ValidationSignal v -> validation(state, at, v, out);
            case BusySignal b when b.getPhase() == BusyPhase.start -> busyStart(state, at, b);
            case BusySignal b -> busyEnd(state, at, b, out);
            case MarkerSignal m -> marker(state, at, m, out);
            case FailureSignal f -> failure(state, at, f, out);
            default -> throw new IllegalStateException("BrowserSignal body outside its Avro union: " + browser.getBody());
        }
        return out;
    }

    /** The session stopped: every field still pending is reported with its last value. */
    public static List<Extracted> flush(SessionState state, String sessionId, String workspaceId) {
        var out = new ArrayList<Extracted>();
        state.inputs().values().stream().sorted(Comparator.comparingLong(SessionState.Input::tMs))
                .forEach(input -> out.add(inputText(sessionId, workspaceId, input)));
        state.inputs().clear();
        state.downs().clear();
        return out;
    }

    /** Where and when a signal happened. */
    private record At(String sessionId, String workspaceId, String signalId, long tMs, Long frameTMs, long receivedAt,
                      String tab, TargetRef target) {
        At(CaptureSignal signal, BrowserSignal browser) {
            this(signal.getSessionId(), signal.getWorkspaceId(), signal.getSignalId(), signal.getTMs(), browser.getFrameTMs(),
                    signal.getReceivedAt().toEpochMilli(), browser.getTabId() == null ? "" : browser.getTabId(),
                    TargetRef.of(browser.getTarget()));
        }

        Extracted event(EventType type, Object payload) {
            return event(type, payload, DOM_CONFIDENCE);
        }

        Extracted event(EventType type, Object payload, double confidence) {
            return BrowserRules.event(sessionId, workspaceId, signalId, type, payload, tMs, frameTMs, receivedAt, confidence);
        }
    }

    // ---------- input_text: debounced per field ----------

    /** A pending field is final once the user acts elsewhere, the page submits or leaves, or it stayed quiet long enough. */
    private static void flushInputsLeftBehind(SessionState state, At at, Object body, List<Extracted> out) {
        var done = new ArrayList<String>();
        state.inputs().forEach((key, input) -> {
            boolean quiet = at.tMs() - input.tMs() >= INPUT_QUIET_MS;
            boolean sameElement = input.tab().equals(at.tab()) && input.target().sameElement(at.target());
            boolean leaves = switch (body) {
                case PointerSignal ignored -> !sameElement;
                case KeySignal ignored -> !sameElement;
                case ValueChangeSignal ignored -> !sameElement;
                case FocusChangeSignal ignored -> !sameElement;
                case NavigationSignal ignored -> true;
                case FormSubmitSignal ignored -> true;
                default -> false; // the page's own reactions (validation, busy, markers) do not end typing
            };
            if (quiet || leaves) {
                done.add(key);
            }
        });
        done.stream().map(state.inputs()::remove).sorted(Comparator.comparingLong(SessionState.Input::tMs))
                .forEach(input -> out.add(inputText(at.sessionId(), at.workspaceId(), input)));
    }

    private static void valueChange(SessionState state, At at, ValueChangeSignal value) {
        if (at.target() == null) {
            return;
        }
        state.inputs().put(at.tab() + '|' + at.target().selector(), new SessionState.Input(at.signalId(), at.tab(), at.tMs(),
                at.frameTMs(), at.receivedAt(), value.getValue(), at.target()));
    }

    private static Extracted inputText(String sessionId, String workspaceId, SessionState.Input input) {
        var payload = new InputTextPayload(input.target().fieldName(), input.value(), input.target().toAvro());
        return event(sessionId, workspaceId, input.signalId(), EventType.input_text, payload, input.tMs(), input.frameTMs(),
                input.receivedAt());
    }

    // ---------- click (+ retry) ----------

    private static void pointerDown(SessionState state, At at, PointerSignal pointer) {
        markInteraction(state);
        state.failed().remove(at.tab());
        if (pointer.getButton() != 0 && pointer.getButton() != 2) {
            return; // middle and extra buttons are not clicks in SPEC §2
        }
        state.downs().put(at.tab(), new SessionState.Down(at.signalId(), at.tMs(), at.frameTMs(), at.receivedAt(),
                pointer.getX(), pointer.getY(), pointer.getButton(), List.copyOf(pointer.getModifiers()),
                pointer.getClickCount(), at.target()));
    }

    private static void pointerUp(SessionState state, At at, PointerSignal pointer, List<Extracted> out) {
        var down = state.downs().get(at.tab());
        if (down == null || down.button() != pointer.getButton()) {
            return; // pressed outside the recorded page, or another button
        }
        state.downs().remove(at.tab());
        boolean sameElement = down.target() != null && down.target().sameElement(at.target());
        boolean stayed = Math.abs(pointer.getX() - down.x()) <= CLICK_SLOP_PX && Math.abs(pointer.getY() - down.y()) <= CLICK_SLOP_PX;
        if (!sameElement && !stayed) {
            return; // a drag, not a click
        }
        var payload = new ClickPayload(down.x(), down.y(), down.target() == null ? null : down.target().toAvro(), down.modifiers());
        var click = event(at.sessionId(), at.workspaceId(), down.signalId(), EventType.click, payload, down.tMs(),
                down.frameTMs(), down.receivedAt());
        out.add(click);
        if (down.target() != null) {
            action(state, at, "click|" + down.target().selector(), click, down.clickCount() <= 1, out);
        }
    }

    /**
     * Remembers an action on a target; when the same action hit the same target on the same page less than 30 s
     * before, also emits {@code retry}. A double click's second press is not a retry.
     */
    private static void action(SessionState state, At at, String actionKey, Extracted action, boolean mayRetry,
                               List<Extracted> out) {
        String key = at.tab() + '|' + actionKey;
        long tMs = action.event().getTMs();
        var previous = state.actions().get(key);
        if (mayRetry && previous != null && tMs - previous.tMs() <= RETRY_WINDOW_MS) {
            out.add(event(at.sessionId(), at.workspaceId(), action.event().getEventId(), EventType.retry,
                    new RetryPayload(previous.eventId(), tMs - previous.tMs()), tMs, action.frameTMs(),
                    action.event().getCreatedAt().toEpochMilli()));
        }
        state.actions().put(key, new SessionState.Action(action.event().getEventId(), at.tab(), tMs));
        state.actions().values().removeIf(a -> tMs - a.tMs() > RETRY_WINDOW_MS);
    }

    // ---------- keypress ----------

    private static void key(SessionState state, At at, KeySignal key, List<Extracted> out) {
        markInteraction(state);
        state.failed().remove(at.tab());
        if (key.getRepeat() || !isCommand(key)) {
            return; // typing shows up as input_text; held-down repeats are one press
        }
        var payload = new KeypressPayload(key.getKey(), List.copyOf(key.getModifiers()), at.target() == null ? null : at.target().toAvro());
        var press = at.event(EventType.keypress, payload);
        out.add(press);
        action(state, at, "key|" + key.getKey() + '|' + key.getModifiers() + '|'
                + (at.target() == null ? "" : at.target().selector()), press, true, out);
    }

    /** Enter, Tab, Escape, F1–F24, or a chord with Ctrl, Alt or Meta (Shift alone only types capitals). */
    static boolean isCommand(KeySignal key) {
        if (MODIFIER_KEYS.contains(key.getKey())) {
            return false;
        }
        if (COMMAND_KEYS.contains(key.getKey()) || FUNCTION_KEY.matcher(key.getKey()).matches()) {
            return true;
        }
        return key.getModifiers().stream().anyMatch(m -> m.equals("ctrl") || m.equals("alt") || m.equals("meta"));
    }

    // ---------- navigate, submit, validation_error ----------

    private static void navigation(SessionState state, At at, NavigationSignal navigation, List<Extracted> out) {
        out.add(at.event(EventType.navigate, new NavigatePayload(navigation.getFromUrl(), navigation.getToUrl(), navigation.getSource())));
        // a new page: retries and validation messages start over, a press on the old page is never released on it
        state.actions().values().removeIf(a -> a.tab().equals(at.tab()));
        state.downs().remove(at.tab());
        state.validations().clear();
    }

    private static void submit(SessionState state, At at, FormSubmitSignal form, List<Extracted> out) {
        ObjectNode fields = JSON.createObjectNode();
        for (FormField field : form.getFields()) {
            fields.put(field.getName(), field.getValue());
        }
        var submit = at.event(EventType.submit, new SubmitPayload(form.getForm(), fields.toString()));
        out.add(submit);
        String formKey = form.getForm() != null ? form.getForm() : at.target() == null ? "" : at.target().selector();
        action(state, at, "submit|" + formKey, submit, true, out);
        state.validations().clear(); // a new attempt: its validation messages are new
        state.failed().remove(at.tab()); // and so may be its failure
    }

    /** The same field and message surfacing twice in one attempt (aria-invalid and its role=alert) is one error. */
    private static void validation(SessionState state, At at, ValidationSignal validation, List<Extracted> out) {
        if (state.validations().add(validation.getField() + '|' + validation.getMessage())) {
            out.add(at.event(EventType.validation_error, new ValidationErrorPayload(validation.getField(), validation.getMessage())));
        }
    }

    // ---------- wait ----------

    private static void busyStart(SessionState state, At at, BusySignal busy) {
        state.busy().put(busy.getBusyId(), new SessionState.Busy(at.signalId(), at.tab(), at.tMs(), at.frameTMs(),
                at.receivedAt(), busy.getReason(), false));
    }

    /**
     * A busy state of at least 1 s is a wait; a modal the user acted on while it was open was a question, not a hang.
     * An aria-busy region is a loading indicator: reported as {@code spinner} (SPEC reasons: modal, spinner, network).
     */
    private static void busyEnd(SessionState state, At at, BusySignal busy, List<Extracted> out) {
        var start = state.busy().remove(busy.getBusyId());
        if (start == null) {
            return;
        }
        long duration = at.tMs() - start.tMs();
        if (duration < WAIT_MIN_MS || ("modal".equals(start.reason()) && start.interacted())) {
            return;
        }
        String reason = "aria_busy".equals(start.reason()) ? "spinner" : start.reason();
        out.add(event(at.sessionId(), at.workspaceId(), start.signalId(), EventType.wait, new WaitPayload(duration, reason),
                start.tMs(), start.frameTMs(), start.receivedAt()));
    }

    private static void markInteraction(SessionState state) {
        state.busy().replaceAll((id, b) -> b.interacted() ? b
                : new SessionState.Busy(b.signalId(), b.tab(), b.tMs(), b.frameTMs(), b.receivedAt(), b.reason(), true));
    }

    // ---------- success / error ----------

    private static void marker(SessionState state, At at, MarkerSignal marker, List<Extracted> out) {
        if ("success".equals(marker.getKind())) {
            out.add(at.event(EventType.success, new SuccessPayload(marker.getName())));
        } else {
            out.add(at.event(EventType.error, new ErrorPayload(marker.getName(), marker.getMessage())));
            state.failed().add(at.tab()); // the page said it: a failure detected from the same action is this one
        }
    }

    /**
     * A detected failure (failed request or document, page-level alert) is an error of lower confidence than a marker.
     * One user action fails once: the failed request, the error page or banner it shows, are sides of one failure, so
     * after an error on a tab the next one counts only after the user pressed, typed or submitted again.
     */
    private static void failure(SessionState state, At at, FailureSignal failure, List<Extracted> out) {
        if (state.failed().add(at.tab())) {
            out.add(at.event(EventType.error, new ErrorPayload(failure.getKind(), failure.getMessage()),
                    DETECTED_FAILURE_CONFIDENCE));
        }
    }

    private static Extracted event(String sessionId, String workspaceId, String idSeed, EventType type, Object payload,
                                   long tMs, Long frameTMs, long receivedAt) {
        return event(sessionId, workspaceId, idSeed, type, payload, tMs, frameTMs, receivedAt, DOM_CONFIDENCE);
    }

    private static Extracted event(String sessionId, String workspaceId, String idSeed, EventType type, Object payload,
                                   long tMs, Long frameTMs, long receivedAt, double confidence) {
        var event = Event.newBuilder()
                .setEventId(EventIds.of(idSeed, type, receivedAt))
                .setSessionId(sessionId)
                .setWorkspaceId(workspaceId)
                .setFrameId("")
                .setTMs(tMs)
                .setType(type)
                .setPayload(payload)
                .setConfidence(confidence)
                .setSource(EventSource.dom)
                .setCreatedAt(Instant.ofEpochMilli(receivedAt))
                .build();
        return new Extracted(event, frameTMs);
    }
}
