package com.nusomi.captureingest.masking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nusomi.contracts.Masking;
import com.nusomi.contracts.avro.MaskingRuleSpec;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The matchers every masked signal and snapshot goes through. */
class MaskingRulesTest {
    private static final MaskingRules CARD = MaskingRules.of(List.of(new MaskingRuleSpec("credit_card", null)));

    @Test
    void cardNumbersAreLuhnValidRunsOfThirteenToNineteenDigitsWithOrWithoutSeparators() {
        assertTrue(CARD.matches("4242424242424242"));
        assertTrue(CARD.matches("4242 4242 4242 4242"));
        assertTrue(CARD.matches("card: 4111-1111-1111-1111, thanks"));
        assertTrue(CARD.matches("378282246310005"), "15-digit Amex");
        assertFalse(CARD.matches("4242 4242 4242 4241"), "Luhn fails");
        assertFalse(CARD.matches("4242 4242 42"), "too short");
        assertTrue(CARD.matches("4242 4242 4242 4242 12"), "a card number followed by other digits");
        assertFalse(CARD.matches("invoice 2026-12-06"));
        assertEquals("paid with [masked] today", CARD.maskWithin("paid with 4242-4242-4242-4242 today"));
    }

    @Test
    void emailSsnAndCustomRegexRules() {
        MaskingRules rules = MaskingRules.of(List.of(new MaskingRuleSpec("email", null), new MaskingRuleSpec("ssn", null),
                new MaskingRuleSpec("regex", "INV-\\d{4}")));
        assertTrue(rules.matches("alice@example.com"));
        assertTrue(rules.matches("alice@ex"), "an address being typed is masked from its domain's first letter on");
        assertFalse(rules.matches("alice"));
        assertTrue(rules.matches("123-45-6789"));
        assertTrue(rules.matches("123456789"));
        assertFalse(rules.matches("1234567890"), "a longer digit run is not an SSN");
        assertTrue(rules.matches("see INV-0042"));
        assertFalse(rules.matches("4242 4242 4242 4242"), "no card rule in this set");
        assertEquals("mail [masked], ssn [masked], ref [masked].",
                rules.maskWithin("mail bob@corp.example, ssn 078-05-1120, ref INV-1234."));
    }

    @Test
    @Timeout(60) // a hang guard, not a speed check: without the budget this test never ends
    void aCustomPatternThatBacktracksCatastrophicallyMasksTheWholeStringWithinItsBudget() {
        // (.*){1,32000}[bc] on "aaa…a" backtracks for hours in java.util.regex: without a bound the upload would hang
        MaskingRules rules = MaskingRules.of(List.of(new MaskingRuleSpec("regex", "(.*){1,32000}[bc]")));
        String hostile = "a".repeat(30);
        assertEquals(Masking.MASKED, rules.maskWithin(hostile), "masked whole: over-masking, never a leak");
        assertTrue(rules.matches(hostile));
        assertEquals("[masked]", rules.maskWithin("aab"), "an ordinary input still matches as written");
        assertEquals("xyz", rules.maskWithin("xyz"));
    }

    @Test
    void defaultsAreTheGatewaysAndBrokenOrUnknownRulesAreSkipped() {
        assertEquals(3, MaskingRules.DEFAULT.rules().size());
        assertTrue(MaskingRules.DEFAULT.matches("4242424242424242"));
        assertTrue(MaskingRules.DEFAULT.matches("a@b.c"));
        assertTrue(MaskingRules.DEFAULT.matches("078-05-1120"));
        MaskingRules odd = MaskingRules.of(List.of(new MaskingRuleSpec("regex", "(unclosed"), new MaskingRuleSpec("phone", null)));
        assertTrue(odd.rules().isEmpty());
        assertFalse(odd.matches("anything"));
        assertFalse(MaskingRules.DEFAULT.matches("[masked]"));
    }

    @Test
    void sensitiveFieldsAreMaskedWhateverTheirValue() {
        assertTrue(MaskingRules.sensitiveField("password", null, "pw"));
        assertTrue(MaskingRules.sensitiveField("text", "one-time-code", "code"));
        assertTrue(MaskingRules.sensitiveField("text", "section-pay cc-number", null));
        assertTrue(MaskingRules.sensitiveField("tel", null, "card_number"));
        assertTrue(MaskingRules.sensitiveField("text", null, "otp"));
        assertTrue(MaskingRules.sensitiveField("text", null, "code"), "a one-time code field without autocomplete in signals");
        assertTrue(MaskingRules.sensitiveField("text", null, "verificationCode"));
        assertTrue(MaskingRules.sensitiveField("text", null, "cvc"));
        assertTrue(MaskingRules.sensitiveField("text", null, "card"), "the sample app's card field");
        assertFalse(MaskingRules.sensitiveField("text", null, "discard_reason"));
        assertFalse(MaskingRules.sensitiveField("text", "name", "customer"));
        assertFalse(MaskingRules.sensitiveField(null, null, null));
    }
}
