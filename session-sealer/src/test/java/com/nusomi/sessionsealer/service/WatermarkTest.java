package com.nusomi.sessionsealer.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class WatermarkTest {

    @Test
    void roundTripsThroughTheStoredJson() {
        var atStop = Watermark.atStop(Map.of(0, 5L, 3, 12L), Map.of(0, 0L, 1, 7L));
        assertEquals(atStop, Watermark.fromJson(atStop.toJson()));
        assertEquals("{\"frames\":{\"0\":5,\"3\":12},\"signals\":{\"0\":0,\"1\":7}}", atStop.toJson());

        var extractorPassed = atStop.withLifecycle(Map.of(0, 4L, 1, 0L));
        assertEquals(extractorPassed, Watermark.fromJson(extractorPassed.toJson()));
        assertEquals(Optional.of(Map.of(0, 4L, 1, 0L)), Watermark.fromJson(extractorPassed.toJson()).lifecycle());
        assertEquals(Optional.empty(), Watermark.fromJson(extractorPassed.toJson()).events());

        var sealed = extractorPassed.withEvents(Map.of(2, 9L));
        assertEquals(sealed, Watermark.fromJson(sealed.toJson()));
        assertEquals("{\"frames\":{\"0\":5,\"3\":12},\"signals\":{\"0\":0,\"1\":7},"
                + "\"lifecycle\":{\"0\":4,\"1\":0},\"events\":{\"2\":9}}", sealed.toJson());
    }

    @Test
    void readsWatermarksStoredBeforeTheLifecycleKeyExisted() {
        var old = Watermark.fromJson("{\"frames\":{\"0\":5},\"signals\":{\"0\":1},\"events\":{\"2\":9}}");
        assertEquals(Map.of(0, 5L), old.frames());
        assertEquals(Optional.empty(), old.lifecycle());
        assertEquals(Optional.of(Map.of(2, 9L)), old.events());
    }

    @Test
    void addsOneKeyAsTheSameOffsetsJson() {
        assertEquals("{\"0\":4,\"7\":11}", Watermark.offsetsJson(Map.of(7, 11L, 0, 4L)));
    }

    @Test
    void isReachedOnlyWhenEveryPartitionIsAtOrPastItsOffset() {
        var targets = Map.of(0, 5L, 1, 0L, 2, 3L);
        assertTrue(Watermark.reached(targets, Map.of(0, 5L, 2, 4L)));
        assertFalse(Watermark.reached(targets, Map.of(0, 4L, 2, 4L)));
        assertFalse(Watermark.reached(targets, Map.of(0, 5L)), "a partition never consumed is at 0");
        assertTrue(Watermark.reached(Map.of(0, 0L), Map.of()), "an empty partition holds nothing to wait for");
    }
}
