package dev.hooks.samples;

import java.util.Objects;

/**
 * A folder of the sample catalog and the envelope facts its index declares, which apply to each of its
 * events unless the event's own entry says otherwise (see {@link SampleEvent}).
 *
 * @param name        the folder name, e.g. {@code keypay}
 * @param description one line for listings; may be empty, never null
 * @param dataPath    default dotted path of the data part; {@code ""} = the whole envelope, null = none
 * @param typePath    default dotted path of the event type, or null
 * @param idPath      default dotted path of the event id, or null
 */
public record SampleFolder(String name, String description, String dataPath, String typePath, String idPath) {
    public SampleFolder {
        Objects.requireNonNull(name, "name");
        description = description == null ? "" : description;
    }
}
