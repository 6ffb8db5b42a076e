package com.nusomi.captureagent.record;

/**
 * How frames get their {@code dom} and {@code accessibility_tree}: where the snapshot is built, the least time between
 * two while the page keeps changing ({@code gapMs}; negative: no snapshots), and, for {@link Source#CDP}, between two
 * fetches of Chromium's accessibility tree.
 */
public record SnapshotSettings(Source source, long gapMs, long axIntervalMs) {
    /** {@code page}: built in the page from the elements on screen ({@link InPageSnapshot}, the default, cheap);
     *  {@code cdp}: Chromium's {@code DOMSnapshot} and accessibility tree ({@link PageSnapshot}, costly on large pages). */
    public enum Source { PAGE, CDP }

    public boolean off() {
        return gapMs < 0;
    }

    /** Snapshots may take 1 / this of the page's time at most: after one that cost c ms the next waits c × this. */
    public int costFactor() {
        return source == Source.PAGE ? InPageSnapshot.COST_FACTOR : PageSnapshot.COST_FACTOR;
    }
}
