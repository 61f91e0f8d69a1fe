package dev.hooks.samples;

import java.util.Objects;

/**
 * One event in the sample catalog.
 *
 * @param folder      the samples folder (usually the provider's name), e.g. {@code paismo}
 * @param eventType   the event type exactly as the provider names it, e.g. {@code employee.updated},
 *                    {@code EmployeeCreated}, {@code orders/create}
 * @param description one line for listings; may be empty, never null
 * @param file        the template's file name inside the folder, e.g. {@code orders.create.json}
 * @param dataPath    dotted path of the data part inside the envelope ({@code data},
 *                    {@code Notifications.0}); {@code ""} when the whole envelope is the data; null when
 *                    the provider sends no data part
 * @param typePath    dotted path of the event type inside the envelope, or null when the provider sends it
 *                    only in a header
 * @param idPath      dotted path of the event id inside the envelope, or null when there is none
 */
public record SampleEvent(String folder, String eventType, String description, String file,
                          String dataPath, String typePath, String idPath) {
    public SampleEvent {
        Objects.requireNonNull(folder, "folder");
        Objects.requireNonNull(eventType, "eventType");
        Objects.requireNonNull(file, "file");
        description = description == null ? "" : description;
    }
}
