package com.nusomi.exportplanner.service;

import com.nusomi.contracts.avro.ShardRowRef;

/** A row of the export with its estimated JSONL size (0 when not measured). */
public record PlannedRow(ShardRowRef ref, long estimatedBytes) {}
