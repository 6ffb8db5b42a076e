package com.nusomi.eventextractor.extraction;

import com.nusomi.contracts.avro.Event;

/**
 * An event the rules produced, not anchored yet: {@code event.frame_id} is empty and {@code frameTMs} is the t_ms of the
 * frame the action acted on (the agent's last frame before the signal), null when the agent had none yet.
 */
public record Extracted(Event event, Long frameTMs) {}
