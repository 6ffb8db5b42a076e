package com.nusomi.sdk.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * The payload of an event: one record per type of SPEC §2, so a {@code switch} over it is exhaustive.
 * <pre>{@code
 * switch (event.payload()) {
 *     case EventPayload.Click c -> System.out.println(c.x() + "," + c.y());
 *     case EventPayload.ValidationError v -> System.out.println(v.field() + ": " + v.message());
 *     default -> {}
 * }
 * }</pre>
 * {@link Unknown} carries a type this SDK version does not know yet.
 */
public sealed interface EventPayload {

    /** The wire name of the event type ({@code click}, {@code input_text} …). */
    @JsonIgnore
    String type();

    /**
     * Mouse click (left or right).
     *
     * @param x         screen x
     * @param y         screen y
     * @param target    element under the pointer
     * @param modifiers keys held (shift, ctrl …)
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Click(double x, double y, Target target, List<String> modifiers) implements EventPayload {
        public Click(double x, double y, Target target) {
            this(x, y, target, null);
        }

        @Override
        public String type() {
            return "click";
        }
    }

    /**
     * Key pressed on a focused element.
     *
     * @param key       key name
     * @param modifiers keys held
     * @param target    focused element
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Keypress(String key, List<String> modifiers, Target target) implements EventPayload {
        @Override
        public String type() {
            return "keypress";
        }
    }

    /**
     * A field's value changed (debounced).
     *
     * @param field  field name
     * @param value  new value ({@code [masked]} when a masking rule matched)
     * @param target the field's element
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record InputText(String field, String value, Target target) implements EventPayload {
        @Override
        public String type() {
            return "input_text";
        }
    }

    /**
     * Browser navigation.
     *
     * @param fromUrl previous URL
     * @param toUrl   new URL
     * @param source  what caused it (link, form, script …)
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Navigate(String fromUrl, String toUrl, String source) implements EventPayload {
        @Override
        public String type() {
            return "navigate";
        }
    }

    /**
     * Foreground app switched.
     *
     * @param fromApp previous app
     * @param toApp   new app
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record AppFocus(String fromApp, String toApp) implements EventPayload {
        @Override
        public String type() {
            return "app_focus";
        }
    }

    /**
     * Form submission detected.
     *
     * @param form    form name or selector
     * @param payload submitted values (JSON)
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Submit(String form, JsonNode payload) implements EventPayload {
        @Override
        public String type() {
            return "submit";
        }
    }

    /**
     * Inline validation surfaced.
     *
     * @param field   the field at fault
     * @param message the message shown
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record ValidationError(String field, String message) implements EventPayload {
        @Override
        public String type() {
            return "validation_error";
        }
    }

    /**
     * The same action on the same target repeated within 30 s.
     *
     * @param ofEventId the event repeated
     * @param afterMs   ms since it
     */
    record Retry(String ofEventId, long afterMs) implements EventPayload {
        @Override
        public String type() {
            return "retry";
        }
    }

    /**
     * The UI hung (modal, spinner, network).
     *
     * @param durationMs how long
     * @param reason     why, when known
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Wait(long durationMs, String reason) implements EventPayload {
        @Override
        public String type() {
            return "wait";
        }
    }

    /**
     * Tagged success state reached; decides the outcome at seal.
     *
     * @param marker name of the success state
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Success(String marker) implements EventPayload {
        @Override
        public String type() {
            return "success";
        }
    }

    /**
     * Tagged or detected failure; ends the session as {@code error} when it is the last marker.
     *
     * @param kind    failure kind
     * @param message what happened
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Error(String kind, String message) implements EventPayload {
        @Override
        public String type() {
            return "error";
        }
    }

    /**
     * User-supplied session tag.
     *
     * @param name tag name
     * @param data any JSON value
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Tag(String name, JsonNode data) implements EventPayload {
        @Override
        public String type() {
            return "tag";
        }
    }

    /**
     * A type this SDK version does not know; the payload as sent.
     *
     * @param type the wire type
     * @param raw  the payload JSON
     */
    record Unknown(@JsonIgnore String type, @JsonValue JsonNode raw) implements EventPayload {}
}
