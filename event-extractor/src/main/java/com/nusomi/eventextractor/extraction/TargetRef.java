package com.nusomi.eventextractor.extraction;

import com.nusomi.contracts.avro.Bounds;
import com.nusomi.contracts.avro.ElementRef;
import com.nusomi.contracts.avro.Target;
import java.util.Objects;

/** The element a raw signal acted on, as kept in the extraction state (the page listener resolved it from the DOM). */
public record TargetRef(String role, String name, String selector, String tag, String inputType, String field, Box bounds) {

    /** CSS pixels of the top-level viewport. */
    public record Box(double x, double y, double w, double h) {}

    /** Null when the signal names no element (a page-level busy state, a navigation). */
    public static TargetRef of(ElementRef ref) {
        if (ref == null) {
            return null;
        }
        var b = ref.getBounds();
        return new TargetRef(ref.getRole(), ref.getName(), ref.getSelector(), ref.getTag(), ref.getInputType(),
                ref.getField(), b == null ? null : new Box(b.getX(), b.getY(), b.getW(), b.getH()));
    }

    /** SPEC §2 {@code target {role, name, selector, bounds}}. */
    public Target toAvro() {
        return new Target(role, name, selector, bounds == null ? null : new Bounds(bounds.x(), bounds.y(), bounds.w(), bounds.h()));
    }

    /** The field name an input_text reports: the form name/id, else the accessible name, else the CSS path. */
    public String fieldName() {
        if (field != null && !field.isBlank()) {
            return field;
        }
        if (name != null && !name.isBlank()) {
            return name;
        }
        return selector == null ? "" : selector;
    }

    /** Same element of the page: the listener's CSS path (ids first) identifies it. */
    public boolean sameElement(TargetRef other) {
        return other != null && selector != null && Objects.equals(selector, other.selector);
    }
}
