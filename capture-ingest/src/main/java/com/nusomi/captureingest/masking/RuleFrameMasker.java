package com.nusomi.captureingest.masking;

import com.nusomi.captureingest.service.IncomingFrame;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;

/**
 * Masks a frame with its workspace's rules: the DOM snapshot and the accessibility tree through
 * {@link SnapshotMasker}, and the regions of their masked nodes in the image through {@link PixelMasker}. A frame
 * without snapshots, or whose snapshots mask nothing with bounds, keeps its image bytes (no decode).
 */
@ApplicationScoped
public class RuleFrameMasker implements FrameMasker {
    private final MaskingRuleBook ruleBook;

    RuleFrameMasker(MaskingRuleBook ruleBook) {
        this.ruleBook = ruleBook;
    }

    @Override
    public IncomingFrame mask(String workspaceId, String sessionId, IncomingFrame frame) {
        if (frame.domJson() == null && frame.accessibilityTreeJson() == null) {
            return frame;
        }
        MaskingRules rules = ruleBook.rules(workspaceId);
        SnapshotMasker.Masked dom = SnapshotMasker.mask(frame.domJson(), rules);
        SnapshotMasker.Masked tree = SnapshotMasker.mask(frame.accessibilityTreeJson(), rules, dom.regions());
        List<SnapshotMasker.Region> regions = new ArrayList<>(dom.regions());
        regions.addAll(tree.regions());
        double scale = frame.viewport() == null ? 1.0 : frame.viewport().getScale();
        byte[] image = PixelMasker.mask(frame.image(), regions, scale);
        return frame.with(image, frame.imageInfo(), dom.json(), tree.json());
    }
}
