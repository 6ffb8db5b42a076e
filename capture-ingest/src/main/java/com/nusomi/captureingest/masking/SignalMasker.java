package com.nusomi.captureingest.masking;

import com.nusomi.contracts.Masking;
import com.nusomi.contracts.avro.BrowserSignal;
import com.nusomi.contracts.avro.ElementRef;
import com.nusomi.contracts.avro.FailureSignal;
import com.nusomi.contracts.avro.FocusChangeSignal;
import com.nusomi.contracts.avro.FormField;
import com.nusomi.contracts.avro.FormSubmitSignal;
import com.nusomi.contracts.avro.KeySignal;
import com.nusomi.contracts.avro.NavigationSignal;
import com.nusomi.contracts.avro.ValidationSignal;
import com.nusomi.contracts.avro.ValueChangeSignal;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Masks raw input signals before they are published (SPEC §2 Masking, docs/capture.md "Masking"), whatever the agent
 * sent:
 * <ul>
 *   <li>{@code value_change} and submitted form fields: {@code "[masked]"} when the field is sensitive
 *   ({@link MaskingRules#sensitiveField}: password, one-time code, card fields) or a workspace rule matches the value;</li>
 *   <li>{@code key}: a printable key without ctrl/meta/alt typed into an editable field becomes {@code "[masked]"} (code
 *   null) when the field is sensitive or the workspace has any rule — the value changes carry the text (masked when a
 *   rule matches), so keys typed one by one would only leak a card number or an address before it is complete;</li>
 *   <li>validation and failure messages, accessible names, selectors and URLs: the matching parts become
 *   {@code "[masked]"}.</li>
 * </ul>
 */
@ApplicationScoped
public class SignalMasker {
    private static final Set<String> EDITABLE_TAGS = Set.of("input", "textarea", "select");
    private static final Set<String> EDITABLE_ROLES = Set.of("textbox", "searchbox", "combobox", "spinbutton");
    private static final Set<String> SHORTCUT_MODIFIERS = Set.of("ctrl", "meta", "alt");

    public BrowserSignal mask(BrowserSignal signal, MaskingRules rules) {
        ElementRef target = maskRef(signal.getTarget(), rules);
        boolean sensitive = sensitive(signal.getTarget());
        Object body = switch (signal.getBody()) {
            case ValueChangeSignal value when !Masking.MASKED.equals(value.getValue())
                    && (sensitive || rules.matches(value.getValue())) -> new ValueChangeSignal(Masking.MASKED, true);
            case KeySignal key when isPrintable(key) && editable(signal.getTarget())
                    && (sensitive || !rules.rules().isEmpty()) ->
                    new KeySignal(Masking.MASKED, null, key.getModifiers(), key.getRepeat());
            case FormSubmitSignal form -> new FormSubmitSignal(form.getForm(), maskFields(form.getFields(), rules));
            case ValidationSignal v -> new ValidationSignal(v.getField(), rules.maskWithin(v.getMessage()), v.getSource());
            case NavigationSignal n -> new NavigationSignal(rules.maskWithin(n.getFromUrl()), rules.maskWithin(n.getToUrl()),
                    n.getSource());
            case FocusChangeSignal f -> new FocusChangeSignal(maskRef(f.getFrom(), rules));
            case FailureSignal f -> new FailureSignal(f.getKind(), rules.maskWithin(f.getMessage()), f.getStatus());
            default -> signal.getBody();
        };
        // all-args constructor, not Avro's copying builder: a builder copy resolves classes through the context class loader
        return new BrowserSignal(signal.getSeq(), body, target, signal.getFrameTMs(), signal.getTabId(),
                rules.maskWithin(signal.getUrl()));
    }

    private static List<FormField> maskFields(List<FormField> fields, MaskingRules rules) {
        return fields.stream()
                .map(f -> !Masking.MASKED.equals(f.getValue())
                        && (MaskingRules.sensitiveField(f.getInputType(), null, f.getName()) || rules.matches(f.getValue()))
                        ? new FormField(f.getName(), f.getInputType(), Masking.MASKED, true)
                        : f)
                .toList();
    }

    private static ElementRef maskRef(ElementRef ref, MaskingRules rules) {
        if (ref == null) {
            return null;
        }
        return new ElementRef(ref.getRole(), rules.maskWithin(ref.getName()), rules.maskWithin(ref.getSelector()),
                ref.getTag(), ref.getInputType(), rules.maskWithin(ref.getField()), ref.getBounds(), ref.getAutocomplete());
    }

    private static boolean sensitive(ElementRef target) {
        return target != null && MaskingRules.sensitiveField(target.getInputType(), target.getAutocomplete(), target.getField());
    }

    private static boolean editable(ElementRef target) {
        if (target == null) {
            return false;
        }
        return target.getInputType() != null
                || (target.getTag() != null && EDITABLE_TAGS.contains(target.getTag().toLowerCase(Locale.ROOT)))
                || (target.getRole() != null && EDITABLE_ROLES.contains(target.getRole().toLowerCase(Locale.ROOT)));
    }

    /** A key that types a character (DOM KeyboardEvent.key of one code point) and is not a shortcut. */
    private static boolean isPrintable(KeySignal key) {
        String k = key.getKey();
        return k.codePointCount(0, k.length()) == 1 && key.getModifiers().stream().noneMatch(SHORTCUT_MODIFIERS::contains);
    }
}
