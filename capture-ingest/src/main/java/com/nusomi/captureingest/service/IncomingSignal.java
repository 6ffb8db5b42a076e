package com.nusomi.captureingest.service;

import com.nusomi.contracts.BrowserSignalKind;
import com.nusomi.contracts.avro.BrowserSignal;

/** One raw input signal of an upload, checked: its position in the request, its kind and the typed signal. */
public record IncomingSignal(int index, BrowserSignalKind kind, long tMs, BrowserSignal signal) {
    public long seq() {
        return signal.getSeq();
    }

    public IncomingSignal with(BrowserSignal masked) {
        return new IncomingSignal(index, kind, tMs, masked);
    }
}
