package com.nusomi.sdk;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Options of a replay (SPEC §8); null fields are not sent.
 *
 * @param fromFrame start at this frame
 * @param fromTag   start at this tag
 * @param budgetMs  stop after this long
 * @param sandbox   dry or live
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ReplayOptions(String fromFrame, String fromTag, Long budgetMs, String sandbox) {
    /** No options: the server's defaults. */
    public static final ReplayOptions DEFAULT = new ReplayOptions(null, null, null, null);
}
