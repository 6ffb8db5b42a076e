package com.nusomi.contracts;

import java.util.regex.Pattern;

/** SPEC limits, in one place. */
public final class Limits {
    private Limits() {}

    public static final String WORKFLOW_SLUG_REGEX = "^[a-z0-9_]{2,64}$";
    public static final Pattern WORKFLOW_SLUG = Pattern.compile(WORKFLOW_SLUG_REGEX);
    public static final int METADATA_MAX_BYTES = 16 * 1024;
    public static final int SESSION_TAGS_MAX = 100;
    public static final int TAG_NAME_MAX_CHARS = 200;
    public static final int MASKING_RULES_MAX = 50;
    public static final int MASKING_PATTERN_MAX_CHARS = 1000;

    public static final int LIST_DEFAULT_LIMIT = 100;
    public static final int LIST_MAX_LIMIT = 500;
    public static final int EVENTS_LIST_DEFAULT_LIMIT = 200;
    public static final int EVENTS_LIST_MAX_LIMIT = 1000;

    public static final int FRAMES_PER_UPLOAD_MAX = 50;
    public static final long FRAME_UPLOAD_MAX_BYTES = 32L * 1024 * 1024;
    public static final int FRAME_MAX_DIMENSION = 16_383;
    public static final int EVENTS_PER_EMIT_MAX = 100;
    /** Raw input signals one capture agent request may carry. */
    public static final int SIGNALS_PER_UPLOAD_MAX = 500;
    /** Characters of one signal's free text (a value, a key, a message, a URL): longer ones are refused. */
    public static final int SIGNAL_TEXT_MAX_CHARS = 8_192;

    /** Live streams (SSE, SPEC §5). */
    public static final int STREAMS_PER_KEY = 50;
    public static final int STREAMS_PER_WORKSPACE = 500;
    public static final int STREAM_KEEPALIVE_SECONDS = 15;
    public static final int STREAM_MAX_LAG_SECONDS = 30;
    public static final int STREAM_REPLAY_HISTORY_MINUTES = 30;

    public static final long SHARD_SIZE_DEFAULT_BYTES = 256L * 1024 * 1024;
    public static final long SHARD_SIZE_MIN_BYTES = 1024;
    public static final long SIGNED_URL_TTL_SECONDS = 24 * 3600;

    public static final long IDEMPOTENCY_WINDOW_HOURS = 24;
    public static final int RETRY_WINDOW_MS = 30_000;
    public static final int MAX_FPS = 30;
}
