package dev.hooks.cli;

import java.util.List;

/** Event names of a provider's sample folder, for help, completion and {@code providers show}. */
final class SampleEvents {
    private SampleEvents() {}

    static List<String> names(String folder) {
        return List.of();
    }
}
