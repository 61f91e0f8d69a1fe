package com.example.receiver;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Service;

/** The Paismo events this app has handled, once each, by event id (in memory). */
@Service
public class PaismoEvents {
    private final Map<String, PaismoEvent> byEventId = new LinkedHashMap<>();

    /** Keeps {@code event} unless an event with its id is already kept: true when it is new. */
    public synchronized boolean add(PaismoEvent event) {
        return byEventId.putIfAbsent(event.eventId(), event) == null;
    }

    /** The event with this event id, if it was handled. */
    public synchronized Optional<PaismoEvent> find(String eventId) {
        return Optional.ofNullable(byEventId.get(eventId));
    }

    /** Every event handled, in the order they arrived. */
    public synchronized List<PaismoEvent> all() {
        return List.copyOf(new ArrayList<>(byEventId.values()));
    }
}
