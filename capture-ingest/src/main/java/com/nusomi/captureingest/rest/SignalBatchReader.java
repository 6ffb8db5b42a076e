package com.nusomi.captureingest.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nusomi.captureingest.service.IncomingSignal;
import com.nusomi.captureingest.service.SignalBatch;
import com.nusomi.contracts.BrowserSignalKind;
import com.nusomi.contracts.Limits;
import com.nusomi.contracts.avro.Bounds;
import com.nusomi.contracts.avro.BrowserSignal;
import com.nusomi.contracts.avro.BusyPhase;
import com.nusomi.contracts.avro.BusySignal;
import com.nusomi.contracts.avro.ElementRef;
import com.nusomi.contracts.avro.FailureSignal;
import com.nusomi.contracts.avro.FocusChangeSignal;
import com.nusomi.contracts.avro.FormField;
import com.nusomi.contracts.avro.FormSubmitSignal;
import com.nusomi.contracts.avro.KeySignal;
import com.nusomi.contracts.avro.MarkerSignal;
import com.nusomi.contracts.avro.NavigationSignal;
import com.nusomi.contracts.avro.PointerPhase;
import com.nusomi.contracts.avro.PointerSignal;
import com.nusomi.contracts.avro.ValidationSignal;
import com.nusomi.contracts.avro.ValueChangeSignal;
import com.nusomi.kit.api.ApiException;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * Turns the JSON body of a signal upload ({@code {"signals": [{seq, t_ms, kind, …}]}}, docs/capture.md) into a
 * {@link SignalBatch}, checking everything the request can be checked for on its own. Whatever is wrong is refused with
 * 400 {@code invalid_request} and a {@code param} naming the field ({@code signals[3].x}).
 */
@ApplicationScoped
public class SignalBatchReader {
    static final Set<String> MODIFIERS = Set.of("alt", "ctrl", "meta", "shift");
    static final Set<String> VALIDATION_SOURCES = Set.of("aria_invalid", "role_alert", "invalid_pseudo");
    static final Set<String> BUSY_REASONS = Set.of("aria_busy", "spinner", "modal", "network");
    static final Set<String> MARKER_KINDS = Set.of("success", "error");
    static final Set<String> FAILURE_KINDS = Set.of("http_error", "network_error", "alert");
    static final Set<String> NAVIGATION_SOURCES = Set.of("link", "typed", "reload", "back_forward", "form_submit", "redirect",
            "script", "new_tab", "other");

    private final ObjectMapper json;

    SignalBatchReader(ObjectMapper json) {
        this.json = json;
    }

    public SignalBatch read(String sessionId, String workspaceId, String body) {
        JsonNode root;
        try {
            root = body == null || body.isBlank() ? null : json.readTree(body);
        } catch (JsonProcessingException e) {
            throw ApiException.invalidRequest("the body is not valid JSON: " + e.getOriginalMessage(), null);
        }
        if (root == null || !root.isObject() || !root.path("signals").isArray()) {
            throw ApiException.invalidRequest("the body must be a JSON object {\"signals\": [...]}", "signals");
        }
        JsonNode signals = root.get("signals");
        if (signals.isEmpty() || signals.size() > Limits.SIGNALS_PER_UPLOAD_MAX) {
            throw ApiException.invalidRequest("signals must hold 1.." + Limits.SIGNALS_PER_UPLOAD_MAX + " signals, this one "
                    + signals.size(), "signals");
        }
        List<IncomingSignal> read = new ArrayList<>(signals.size());
        for (int i = 0; i < signals.size(); i++) {
            IncomingSignal signal = signal(new At(i), signals.get(i));
            if (i > 0) {
                IncomingSignal previous = read.get(i - 1);
                if (signal.seq() <= previous.seq()) {
                    throw ApiException.invalidRequest("seq must rise strictly within an upload: " + signal.seq() + " follows "
                            + previous.seq(), "signals[" + i + "].seq");
                }
                if (signal.tMs() < previous.tMs()) {
                    throw ApiException.invalidRequest("t_ms goes backwards within the upload: " + signal.tMs() + " follows "
                            + previous.tMs(), "signals[" + i + "].t_ms");
                }
            }
            read.add(signal);
        }
        return new SignalBatch(sessionId, workspaceId, read);
    }

    /** Where in the request a field sits, for {@code param}. */
    private record At(int index) {
        String param(String field) {
            return "signals[" + index + "]." + field;
        }
    }

    private IncomingSignal signal(At at, JsonNode node) {
        if (!node.isObject()) {
            throw ApiException.invalidRequest("each signal must be a JSON object", "signals[" + at.index() + "]");
        }
        long seq = nonNegativeLong(node, "seq", at);
        long tMs = nonNegativeLong(node, "t_ms", at);
        String kindName = requiredText(node, "kind", at);
        BrowserSignalKind kind = BrowserSignalKind.byWire(kindName).orElseThrow(() -> ApiException.invalidRequest(
                "unknown kind '" + kindName + "'; one of " + Arrays.stream(BrowserSignalKind.values()).map(BrowserSignalKind::wire).toList(),
                at.param("kind")));
        Long frameTMs = isAbsent(node.get("frame_t_ms")) ? null : nonNegativeLong(node, "frame_t_ms", at);
        var signal = BrowserSignal.newBuilder()
                .setSeq(seq)
                .setBody(body(kind, node, at))
                .setTarget(element(node.get("target"), at.param("target")))
                .setFrameTMs(frameTMs)
                .setTabId(optionalText(node.get("tab_id"), at.param("tab_id")))
                .setUrl(optionalText(node.get("url"), at.param("url")))
                .build();
        return new IncomingSignal(at.index(), kind, tMs, signal);
    }

    private Object body(BrowserSignalKind kind, JsonNode node, At at) {
        return switch (kind) {
            case POINTER_DOWN, POINTER_UP -> PointerSignal.newBuilder()
                    .setPhase(kind == BrowserSignalKind.POINTER_DOWN ? PointerPhase.down : PointerPhase.up)
                    .setX(number(node, "x", at))
                    .setY(number(node, "y", at))
                    .setButton(intOr(node, "button", 0, at))
                    .setButtons(intOr(node, "buttons", 0, at))
                    .setModifiers(modifiers(node, at))
                    .setClickCount(intOr(node, "click_count", 1, at))
                    .build();
            case KEY -> KeySignal.newBuilder()
                    .setKey(requiredText(node, "key", at))
                    .setCode(optionalText(node.get("code"), at.param("code")))
                    .setModifiers(modifiers(node, at))
                    .setRepeat(booleanOr(node, "repeat", at))
                    .build();
            case VALUE_CHANGE -> ValueChangeSignal.newBuilder()
                    .setValue(text(node.get("value"), at.param("value"), true))
                    .setMasked(booleanOr(node, "masked", at))
                    .build();
            case NAVIGATION -> NavigationSignal.newBuilder()
                    .setToUrl(requiredText(node, "to_url", at))
                    .setFromUrl(optionalText(node.get("from_url"), at.param("from_url")))
                    .setSource(optionalOneOf(node, "source", NAVIGATION_SOURCES, at))
                    .build();
            case FOCUS_CHANGE -> FocusChangeSignal.newBuilder()
                    .setFrom(element(node.get("from"), at.param("from")))
                    .build();
            case FORM_SUBMIT -> FormSubmitSignal.newBuilder()
                    .setForm(optionalText(node.get("form"), at.param("form")))
                    .setFields(fields(node.get("fields"), at))
                    .build();
            case VALIDATION_SURFACED -> ValidationSignal.newBuilder()
                    .setMessage(text(node.get("message"), at.param("message"), true))
                    .setField(optionalText(node.get("field"), at.param("field")))
                    .setSource(oneOf(node, "source", VALIDATION_SOURCES, at))
                    .build();
            case BUSY_START, BUSY_END -> BusySignal.newBuilder()
                    .setPhase(kind == BrowserSignalKind.BUSY_START ? BusyPhase.start : BusyPhase.end)
                    .setReason(oneOf(node, "reason", BUSY_REASONS, at))
                    .setBusyId(requiredText(node, "busy_id", at))
                    .build();
            case MARKER -> MarkerSignal.newBuilder()
                    .setKind(oneOf(node, "marker_kind", MARKER_KINDS, at))
                    .setName(requiredText(node, "name", at))
                    .setMessage(optionalText(node.get("message"), at.param("message")))
                    .build();
            case FAILURE -> FailureSignal.newBuilder()
                    .setKind(oneOf(node, "failure_kind", FAILURE_KINDS, at))
                    .setMessage(optionalText(node.get("message"), at.param("message")))
                    .setStatus(isAbsent(node.get("status")) ? null : intOr(node, "status", 0, at))
                    .build();
        };
    }

    private static ElementRef element(JsonNode node, String param) {
        if (isAbsent(node)) {
            return null;
        }
        if (!node.isObject()) {
            throw ApiException.invalidRequest("must be an element object {role, name, selector, tag, input_type, field, bounds, autocomplete} or null", param);
        }
        return ElementRef.newBuilder()
                .setRole(optionalText(node.get("role"), param + ".role"))
                .setName(optionalText(node.get("name"), param + ".name"))
                .setSelector(optionalText(node.get("selector"), param + ".selector"))
                .setTag(optionalText(node.get("tag"), param + ".tag"))
                .setInputType(optionalText(node.get("input_type"), param + ".input_type"))
                .setField(optionalText(node.get("field"), param + ".field"))
                .setBounds(bounds(node.get("bounds"), param + ".bounds"))
                .setAutocomplete(optionalText(node.get("autocomplete"), param + ".autocomplete"))
                .build();
    }

    private static Bounds bounds(JsonNode node, String param) {
        if (isAbsent(node)) {
            return null;
        }
        if (!node.isObject()) {
            throw ApiException.invalidRequest("must be {x, y, w, h} or null", param);
        }
        return new Bounds(finite(node.get("x"), param + ".x"), finite(node.get("y"), param + ".y"),
                nonNegative(node.get("w"), param + ".w"), nonNegative(node.get("h"), param + ".h"));
    }

    private static List<FormField> fields(JsonNode node, At at) {
        if (isAbsent(node)) {
            return List.of();
        }
        if (!node.isArray()) {
            throw ApiException.invalidRequest("must be an array of {name, input_type, value}", at.param("fields"));
        }
        List<FormField> fields = new ArrayList<>(node.size());
        for (int i = 0; i < node.size(); i++) {
            JsonNode field = node.get(i);
            String param = at.param("fields[" + i + "]");
            if (!field.isObject()) {
                throw ApiException.invalidRequest("must be an object {name, input_type, value}", param);
            }
            fields.add(FormField.newBuilder()
                    .setName(text(field.get("name"), param + ".name", false))
                    .setInputType(optionalText(field.get("input_type"), param + ".input_type"))
                    .setValue(text(field.get("value"), param + ".value", true))
                    .setMasked(false)
                    .build());
        }
        return fields;
    }

    private static List<String> modifiers(JsonNode node, At at) {
        JsonNode mods = node.get("modifiers");
        if (isAbsent(mods)) {
            return List.of();
        }
        if (!mods.isArray()) {
            throw ApiException.invalidRequest("must be an array of " + MODIFIERS, at.param("modifiers"));
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < mods.size(); i++) {
            JsonNode m = mods.get(i);
            if (!m.isTextual() || !MODIFIERS.contains(m.asText())) {
                throw ApiException.invalidRequest("must be one of " + MODIFIERS, at.param("modifiers[" + i + "]"));
            }
            out.add(m.asText());
        }
        return out;
    }

    // ---------- scalars ----------

    private static boolean isAbsent(JsonNode node) {
        return node == null || node.isNull();
    }

    private static long nonNegativeLong(JsonNode parent, String field, At at) {
        JsonNode node = parent.get(field);
        if (node == null || !node.isIntegralNumber() || !node.canConvertToLong() || node.longValue() < 0) {
            throw ApiException.invalidRequest(field + " must be an integer >= 0", at.param(field));
        }
        return node.longValue();
    }

    private static int intOr(JsonNode parent, String field, int fallback, At at) {
        JsonNode node = parent.get(field);
        if (isAbsent(node)) {
            return fallback;
        }
        if (!node.isIntegralNumber() || !node.canConvertToInt() || node.intValue() < 0) {
            throw ApiException.invalidRequest(field + " must be an integer >= 0", at.param(field));
        }
        return node.intValue();
    }

    private static boolean booleanOr(JsonNode parent, String field, At at) {
        JsonNode node = parent.get(field);
        if (isAbsent(node)) {
            return false;
        }
        if (!node.isBoolean()) {
            throw ApiException.invalidRequest(field + " must be true or false", at.param(field));
        }
        return node.booleanValue();
    }

    private static double number(JsonNode parent, String field, At at) {
        return finite(parent.get(field), at.param(field));
    }

    private static double finite(JsonNode node, String param) {
        if (node == null || !node.isNumber() || !Double.isFinite(node.doubleValue())) {
            throw ApiException.invalidRequest("must be a number", param);
        }
        return node.doubleValue();
    }

    private static double nonNegative(JsonNode node, String param) {
        double value = finite(node, param);
        if (value < 0) {
            throw ApiException.invalidRequest("must be a number >= 0", param);
        }
        return value;
    }

    private static String requiredText(JsonNode parent, String field, At at) {
        return text(parent.get(field), at.param(field), false);
    }

    /** A string of at most {@link Limits#SIGNAL_TEXT_MAX_CHARS}; {@code mayBeEmpty} for values and messages. */
    private static String text(JsonNode node, String param, boolean mayBeEmpty) {
        if (node == null || !node.isTextual() || (!mayBeEmpty && node.asText().isEmpty())) {
            throw ApiException.invalidRequest(mayBeEmpty ? "must be a string" : "must be a non-empty string", param);
        }
        String value = node.asText();
        if (value.length() > Limits.SIGNAL_TEXT_MAX_CHARS) {
            throw ApiException.invalidRequest("must be at most " + Limits.SIGNAL_TEXT_MAX_CHARS + " characters", param);
        }
        return value;
    }

    private static String optionalText(JsonNode node, String param) {
        return isAbsent(node) ? null : text(node, param, true);
    }

    private static String oneOf(JsonNode parent, String field, Set<String> allowed, At at) {
        String value = requiredText(parent, field, at);
        if (!allowed.contains(value)) {
            throw ApiException.invalidRequest(field + " must be one of " + allowed.stream().sorted().toList(), at.param(field));
        }
        return value;
    }

    private static String optionalOneOf(JsonNode parent, String field, Set<String> allowed, At at) {
        return isAbsent(parent.get(field)) ? null : oneOf(parent, field, allowed, at);
    }
}
