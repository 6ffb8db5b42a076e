package com.nusomi.captureingest.masking;

import com.nusomi.contracts.Masking;
import com.nusomi.contracts.avro.BrowserSignal;
import com.nusomi.contracts.avro.ElementRef;
import com.nusomi.contracts.avro.FormField;
import com.nusomi.contracts.avro.FormSubmitSignal;
import com.nusomi.contracts.avro.KeySignal;
import com.nusomi.contracts.avro.ValueChangeSignal;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/**
 * Masks raw input signals before they are published (SPEC §2 Masking): values typed into a password field become
 * {@code "[masked]"} whatever the agent sent — the value change, every printable key and the submitted field. Workspace
 * rules (credit_card, email, ssn, regex) are not applied yet (docs/capture.md).
 */
@ApplicationScoped
public class SignalMasker {

    public BrowserSignal mask(BrowserSignal signal) {
        boolean password = isPassword(signal.getTarget());
        return switch (signal.getBody()) {
            case ValueChangeSignal value when password && !isMasked(value.getValue()) ->
                    copyWith(signal, new ValueChangeSignal(Masking.MASKED, true));
            case KeySignal key when password && isPrintable(key.getKey()) ->
                    copyWith(signal, new KeySignal(Masking.MASKED, null, key.getModifiers(), key.getRepeat()));
            case FormSubmitSignal form -> copyWith(signal, new FormSubmitSignal(form.getForm(), maskFields(form.getFields())));
            default -> signal;
        };
    }

    private static List<FormField> maskFields(List<FormField> fields) {
        return fields.stream()
                .map(f -> Masking.PASSWORD_INPUT_TYPE.equalsIgnoreCase(f.getInputType()) && !isMasked(f.getValue())
                        ? new FormField(f.getName(), f.getInputType(), Masking.MASKED, true)
                        : f)
                .toList();
    }

    /** All-args constructors, not Avro's copying builders: a builder copy resolves classes through the context class loader. */
    private static BrowserSignal copyWith(BrowserSignal signal, Object body) {
        return new BrowserSignal(signal.getSeq(), body, signal.getTarget(), signal.getFrameTMs(), signal.getTabId(), signal.getUrl());
    }

    private static boolean isPassword(ElementRef target) {
        return target != null && Masking.PASSWORD_INPUT_TYPE.equalsIgnoreCase(target.getInputType());
    }

    private static boolean isMasked(String value) {
        return Masking.MASKED.equals(value);
    }

    /** A key that types a character (DOM KeyboardEvent.key of one code point), not Enter, Tab or an arrow. */
    private static boolean isPrintable(String key) {
        return key.codePointCount(0, key.length()) == 1;
    }
}
