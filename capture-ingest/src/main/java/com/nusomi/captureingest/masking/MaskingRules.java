package com.nusomi.captureingest.masking;

import com.nusomi.contracts.Masking;
import com.nusomi.contracts.avro.MaskingRuleSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * A workspace's masking rules as matchers (SPEC §2 Masking): the one place that decides whether a string holds a
 * credit card number, an email, an SSN or a custom pattern, and which fields are sensitive whatever they hold. Used by
 * {@link SignalMasker} (signals) and {@link SnapshotMasker} (DOM / accessibility snapshots of frames).
 */
public record MaskingRules(List<Rule> rules) {
    private static final Logger LOG = Logger.getLogger(MaskingRules.class);
    /** What a workspace that never set its rules gets: the same defaults api-gateway answers. */
    public static final MaskingRules DEFAULT = of(Masking.DEFAULT_RULE_KINDS.stream()
            .map(kind -> new MaskingRuleSpec(kind, null)).toList());

    /**
     * Field names or ids that say a field holds a secret or card data, whatever its value looks like yet. Names ending in
     * "code" are included: a one-time code field is often just "code" and may carry no autocomplete (form fields of a
     * submit carry none at all; a postal or promo code is masked too: over-masking, never a leak).
     */
    private static final Pattern SENSITIVE_FIELD = Pattern.compile(
            "(?i)(passw|otp|one.?time|totp|cvc|cvv|csc|ssn|card.?num|cc.?num|credit.?card|card.?no|^card$|^cc$|code$)");

    public MaskingRules {
        rules = List.copyOf(rules);
    }

    /** One kind of value to mask. */
    public sealed interface Rule permits CreditCard, Email, Ssn, Custom {
        /** The ranges [start, end) of {@code text} that are such values. */
        List<int[]> find(String text);
    }

    /** Luhn-valid runs of 13–19 digits, spaces or dashes between them allowed. */
    public record CreditCard() implements Rule {
        private static final Pattern RUN = Pattern.compile("\\d(?:[ -]?\\d){12,}");

        @Override
        public List<int[]> find(String text) {
            List<int[]> found = new ArrayList<>();
            Matcher m = RUN.matcher(text);
            while (m.find()) {
                if (holdsCardNumber(m.group())) {
                    found.add(new int[] {m.start(), m.end()});
                }
            }
            return found;
        }

        /**
         * Some consecutive groups of the run (split at its separators; the whole run when it has none) hold 13–19 digits
         * that pass the Luhn check: "4242 4242 4242 4242 12" is a card number followed by something else.
         */
        static boolean holdsCardNumber(String run) {
            String[] groups = run.split("[ -]");
            for (int from = 0; from < groups.length; from++) {
                StringBuilder digits = new StringBuilder();
                for (int to = from; to < groups.length && digits.length() < 19; to++) {
                    digits.append(groups[to]);
                    if (digits.length() >= 13 && digits.length() <= 19 && luhn(digits, 0, digits.length())) {
                        return true;
                    }
                }
            }
            return false;
        }

        static boolean luhn(CharSequence digits, int from, int to) {
            int sum = 0;
            boolean twice = false;
            for (int i = to - 1; i >= from; i--) {
                int d = digits.charAt(i) - '0';
                if (twice) {
                    d *= 2;
                    if (d > 9) {
                        d -= 9;
                    }
                }
                sum += d;
                twice = !twice;
            }
            return sum % 10 == 0;
        }
    }

    /** local@domain; the domain need not be complete yet, so an address being typed is masked from its "@x" on. */
    public record Email() implements Rule {
        private static final Pattern EMAIL = Pattern.compile("[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]*)*");

        @Override
        public List<int[]> find(String text) {
            return ranges(EMAIL, text);
        }
    }

    /** US social security numbers: 3-2-4 digits, dashes or spaces optional, not inside a longer digit run. */
    public record Ssn() implements Rule {
        private static final Pattern SSN = Pattern.compile("(?<!\\d)\\d{3}[- ]?\\d{2}[- ]?\\d{4}(?!\\d)");

        @Override
        public List<int[]> find(String text) {
            return ranges(SSN, text);
        }
    }

    /**
     * A workspace's own regular expression (its syntax checked by the gateway when it was set). A search runs within
     * {@link Masking#CUSTOM_PATTERN_BUDGET} per string: a pattern that backtracks catastrophically on some input masks
     * that whole string (never a leak) instead of holding the upload.
     */
    public record Custom(Pattern pattern) implements Rule {
        private static final long BUDGET_NANOS = Masking.CUSTOM_PATTERN_BUDGET.toNanos();

        @Override
        public List<int[]> find(String text) {
            try {
                return ranges(pattern, new Bounded(text, System.nanoTime() + BUDGET_NANOS));
            } catch (Bounded.OutOfTime e) {
                LOG.warnf("masking: custom pattern %s ran out of its %d ms on a %d-character string; the string is masked whole",
                        pattern.pattern(), Masking.CUSTOM_PATTERN_BUDGET.toMillis(), text.length());
                List<int[]> whole = new ArrayList<>();
                whole.add(new int[] {0, text.length()});
                return whole;
            }
        }
    }

    /**
     * A string that stops a regex search past its deadline: the matcher reads every character through charAt, so
     * counting reads bounds backtracking whatever the string's length (the clock is read once per 1,024 reads).
     */
    private static final class Bounded implements CharSequence {
        private static final class OutOfTime extends RuntimeException {
            OutOfTime() {
                super(null, null, false, false);
            }
        }

        private final String text;
        private final long deadline;
        private int reads;

        Bounded(String text, long deadline) {
            this.text = text;
            this.deadline = deadline;
        }

        @Override
        public char charAt(int index) {
            if ((++reads & 0x3ff) == 0 && System.nanoTime() > deadline) {
                throw new OutOfTime();
            }
            return text.charAt(index);
        }

        @Override
        public int length() {
            return text.length();
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return new Bounded(text.substring(start, end), deadline);
        }

        @Override
        public String toString() {
            return text;
        }
    }

    /** The rules of a rule set as published on {@code nusomi.masking.rules}; unknown kinds and bad patterns are skipped. */
    public static MaskingRules of(List<MaskingRuleSpec> specs) {
        List<Rule> rules = new ArrayList<>();
        for (MaskingRuleSpec spec : specs) {
            switch (spec.getKind()) {
                case "credit_card" -> rules.add(new CreditCard());
                case "email" -> rules.add(new Email());
                case "ssn" -> rules.add(new Ssn());
                case "regex" -> {
                    if (spec.getPattern() != null) {
                        try {
                            rules.add(new Custom(Pattern.compile(spec.getPattern())));
                        } catch (RuntimeException e) {
                            // the gateway validates patterns; a record from elsewhere with a broken one masks nothing more
                        }
                    }
                }
                default -> { }
            }
        }
        return new MaskingRules(rules);
    }

    /** Whether any rule finds a value in {@code text}. */
    public boolean matches(String text) {
        if (text == null || text.isEmpty() || Masking.MASKED.equals(text)) {
            return false;
        }
        for (Rule rule : rules) {
            if (!rule.find(text).isEmpty()) {
                return true;
            }
        }
        return false;
    }

    /** {@code text} with every value a rule finds replaced by {@code "[masked]"} (for free text such as a URL or a title). */
    public String maskWithin(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        boolean[] hidden = new boolean[text.length()];
        boolean any = false;
        for (Rule rule : rules) {
            for (int[] r : rule.find(text)) {
                for (int i = r[0]; i < r[1]; i++) {
                    hidden[i] = true;
                }
                any = true;
            }
        }
        if (!any) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            if (!hidden[i]) {
                out.append(text.charAt(i));
            } else if (i == 0 || !hidden[i - 1]) {
                out.append(Masking.MASKED);
            }
        }
        return out.toString();
    }

    /**
     * A field whose values are masked whatever they hold (always on, not a workspace rule): passwords, fields whose
     * {@code autocomplete} names a one-time code, card data or a password, and fields whose name or id says so
     * ({@code otp}, {@code card_number}, {@code cvc}, {@code ssn} …) — so that a card number or a code typed key by key is
     * masked before it is complete enough for a rule to recognise it.
     */
    public static boolean sensitiveField(String inputType, String autocomplete, String fieldName) {
        if (inputType != null && Masking.PASSWORD_INPUT_TYPE.equalsIgnoreCase(inputType)) {
            return true;
        }
        if (autocomplete != null) {
            for (String token : autocomplete.toLowerCase(Locale.ROOT).split("\\s+")) {
                if (Masking.ALWAYS_MASKED_AUTOCOMPLETE.contains(token)) {
                    return true;
                }
            }
        }
        return fieldName != null && SENSITIVE_FIELD.matcher(fieldName).find();
    }

    private static List<int[]> ranges(Pattern pattern, CharSequence text) {
        List<int[]> found = new ArrayList<>();
        Matcher m = pattern.matcher(text);
        while (m.find()) {
            if (m.end() > m.start()) {
                found.add(new int[] {m.start(), m.end()});
            }
        }
        return found;
    }
}
