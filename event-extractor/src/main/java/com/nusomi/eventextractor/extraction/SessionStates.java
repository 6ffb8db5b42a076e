package com.nusomi.eventextractor.extraction;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.streams.state.KeyValueStore;

/** The browser rules' state per session, as JSON text under {@code session_id}; an empty state is deleted. */
public final class SessionStates {
    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    private final KeyValueStore<String, String> states;

    public SessionStates(KeyValueStore<String, String> states) {
        this.states = states;
    }

    public SessionState get(String sessionId) {
        String json = states.get(sessionId);
        if (json == null) {
            return SessionState.empty();
        }
        try {
            return JSON.readValue(json, SessionState.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable extraction state of " + sessionId, e);
        }
    }

    public void put(String sessionId, SessionState state) {
        if (state.isEmpty()) {
            states.delete(sessionId);
            return;
        }
        try {
            states.put(sessionId, JSON.writeValueAsString(state));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("extraction state of " + sessionId + " not writable", e);
        }
    }

    public void forget(String sessionId) {
        states.delete(sessionId);
    }
}
