package com.nusomi.eventextractor.extraction;

import com.nusomi.contracts.avro.CaptureSignal;
import com.nusomi.contracts.avro.Event;
import com.nusomi.contracts.avro.RawInputSignal;
import com.nusomi.eventextractor.anchoring.FrameAnchors;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/** Raw input signals no rule covers (not a browser agent's typed signal; those go through BrowserRules): counted, no event. */
@ApplicationScoped
public class UnextractedRawSignals implements SignalExtractor {
    public static final String METER = "nusomi.extractor.raw.signals.unextracted";

    private final Counter unextracted;

    UnextractedRawSignals(MeterRegistry registry) {
        this.unextracted = Counter.builder(METER)
                .description("Raw input signals consumed that no extraction rule covers (not a browser agent's typed signal)")
                .register(registry);
    }

    @Override
    public List<Event> extract(CaptureSignal signal, RawInputSignal raw, FrameAnchors frames) {
        unextracted.increment();
        return List.of();
    }
}
