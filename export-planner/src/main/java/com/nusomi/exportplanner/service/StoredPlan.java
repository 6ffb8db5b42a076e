package com.nusomi.exportplanner.service;

import com.nusomi.exportplanner.service.ShardCutter.ShardSpan;
import java.util.List;

/** What a plan decided: its counts and shard boundaries (the rows themselves are in {@code planner.plan_rows}). */
public record StoredPlan(long rows, long frames, long actions, List<ShardSpan> shards) {}
