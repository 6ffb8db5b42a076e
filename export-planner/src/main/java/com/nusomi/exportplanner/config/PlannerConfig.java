package com.nusomi.exportplanner.config;

import com.nusomi.kit.retry.RetryPolicy;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Tuning of the export planner. */
@ConfigMapping(prefix = "nusomi.export-planner")
public interface PlannerConfig {

    /** Candidates read from the catalog per cursor round trip, and plan rows written per insert. */
    @WithDefault("1000")
    int fetchSize();

    /** Sessions whose frames and events one catalog query reads (they are sorted together in the database). */
    @WithDefault("100")
    int sessionsPerQuery();

    /** How long plans (and their rows, which shard writers read) are kept; older ones go when the next is planned. */
    @WithDefault("P7D")
    Duration planRetention();

    /** Bytes added to every row's size estimate (e.g. when the writer's image URLs are longer than s3://bucket/key). */
    @WithDefault("0")
    long rowOverheadBytes();

    /** Retries of a planning attempt that failed for infrastructure reasons (database, broker, registry). */
    RetryPolicy retry();

}
