package com.nusomi.exportplanner.service;

import com.nusomi.contracts.avro.ActorKind;
import com.nusomi.contracts.avro.Outcome;
import java.time.Instant;
import java.util.Set;

/** What the filter looks at in one sealed session of the export's scope (catalog {@code sessions}). */
public record SessionFacts(String id, String workflow, Outcome outcome, Instant createdAt, ActorKind actorKind,
                           Long durationMs, Set<String> tagNames) {}
