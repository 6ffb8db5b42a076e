/**
 * The API's values as Java records (SPEC §2, §4, §6, §7). Field names are the API's, in Java case: a record
 * component {@code tMs} is the wire field {@code t_ms}. Unknown wire fields are ignored, so a newer server does not
 * break an older SDK.
 */
package com.nusomi.sdk.model;
