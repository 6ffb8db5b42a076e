package com.nusomi.captureingest.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nusomi.captureingest.service.IndexPlan;
import com.nusomi.devstack.testing.TestWebp;
import com.nusomi.imagekit.WebpCodec;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The keyframe measure: a caret blink or a typed character is not a material change, a dialog or a new page is. */
class ScreenFingerprintTest {
    private static final IndexPlan.KeyframeRule RULE = new IndexPlan.KeyframeRule(16, 0.01);

    private static byte[] page(int dialogWidth, int caretX) {
        BufferedImage image = new BufferedImage(1280, 800, BufferedImage.TYPE_INT_RGB);
        var g = image.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, 1280, 800);
        g.setColor(Color.DARK_GRAY);
        g.fillRect(0, 0, 1280, 60); // a header bar
        g.fillRect(caretX, 200, 2, 18); // a caret
        if (dialogWidth > 0) {
            g.setColor(new Color(40, 40, 40));
            g.fillRect(640 - dialogWidth / 2, 250, dialogWidth, 300);
        }
        g.dispose();
        return WebpCodec.encode(image);
    }

    @Test
    void aSmallChangeIsNotMaterialADialogIs() {
        byte[] base = ScreenFingerprint.of(page(0, 100));
        byte[] caretMoved = ScreenFingerprint.of(page(0, 108));
        byte[] dialog = ScreenFingerprint.of(page(500, 100));
        assertEquals(ScreenFingerprint.GRID * ScreenFingerprint.GRID, base.length);
        assertTrue(ScreenFingerprint.changedFraction(base, caretMoved, 16) < 0.01);
        assertTrue(ScreenFingerprint.changedFraction(base, dialog, 16) > 0.05);
    }

    @Test
    void theIndexPlanComparesWithThePreviousKeyframeNotThePreviousFrame() {
        byte[] a = page(0, 100);
        byte[] b = page(0, 104);
        byte[] c = page(0, 108);
        byte[] d = page(600, 108);
        var plan = new IndexPlan(List.of(
                new IndexPlan.Candidate(0, 0, "a", ScreenFingerprint.of(a)),
                new IndexPlan.Candidate(1, 40, "b", ScreenFingerprint.of(b)),
                new IndexPlan.Candidate(2, 80, "c", ScreenFingerprint.of(c)),
                new IndexPlan.Candidate(3, 120, "d", ScreenFingerprint.of(d))));
        var reserved = plan.decide(Map.of(), Optional.empty(), null, RULE);
        assertEquals(List.of(true, false, false, true), reserved.stream().map(r -> r.entry().keyframe()).toList());
        assertTrue(reserved.get(0).entry().fingerprint() != null, "a keyframe keeps its fingerprint for the next upload");
        assertNull(reserved.get(1).entry().fingerprint());
        // the next upload compares with the stored keyframe's fingerprint
        var next = new IndexPlan(List.of(new IndexPlan.Candidate(0, 160, "e", ScreenFingerprint.of(page(600, 112)))))
                .decide(Map.of(), Optional.of(reserved.get(3).entry()), reserved.get(3).entry().fingerprint(), RULE);
        assertFalse(next.get(0).entry().keyframe());
    }

    @Test
    void anImageThatDoesNotDecodeHasNoFingerprintAndCountsAsChanged() {
        assertNull(ScreenFingerprint.of(new byte[] {1, 2, 3}));
        assertTrue(ScreenFingerprint.of(TestWebp.solid(64, 48, 0xff336699)) != null, "lossless images decode too");
        var reserved = new IndexPlan(List.of(new IndexPlan.Candidate(0, 0, "a", ScreenFingerprint.of(page(0, 1))),
                new IndexPlan.Candidate(1, 40, "b", null)))
                .decide(Map.of(), Optional.empty(), null, RULE);
        assertTrue(reserved.get(1).entry().keyframe());
    }
}
