package com.nusomi.contracts;

import com.github.f4b6a3.ulid.Ulid;
import com.github.f4b6a3.ulid.UlidCreator;

/** SPEC §2 ids: a prefix plus a ULID (26 chars, Crockford base32, sortable by creation time). */
public enum IdPrefix {
    SESSION("ses_"),
    FRAME("frm_"),
    EVENT("evt_"),
    EXPORT("exp_"),
    WEBHOOK("whk_"),
    API_KEY("key_"),
    REQUEST("req_"),
    PATH("pth_"),
    NODE("nde_"),
    REPLAY("rpl_"),
    WORKSPACE("wsp_"),
    COMMAND("cmd_"),
    /** A raw input signal on nusomi.capture.signals (capture agents' pointer, key, value… signals). */
    SIGNAL("sig_"),
    /** One webhook delivery (one event to one endpoint): the {@code Nusomi-Delivery-Id} header, stable across attempts. */
    WEBHOOK_DELIVERY("dlv_");

    private final String prefix;

    IdPrefix(String prefix) {
        this.prefix = prefix;
    }

    public String prefix() {
        return prefix;
    }

    /** A new id; monotonic within one JVM so ids minted in one millisecond still sort in creation order. */
    public String newId() {
        return prefix + UlidCreator.getMonotonicUlid().toString();
    }

    /** True when {@code id} carries this prefix followed by a valid ULID. */
    public boolean matches(String id) {
        return id != null && id.startsWith(prefix) && Ulid.isValid(id.substring(prefix.length()));
    }
}
