package dev.hooks.samples;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hooks.HooksException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The sample-event catalog: one JSON template per event type under {@code samples/<folder>/}, listed by
 * {@code samples/<folder>/index.json}.
 *
 * <p>Built-in samples are read from the classpath ({@code /samples/index.json} lists the folders, each
 * folder's {@code index.json} its events), never by scanning directories. An extra directory on disk,
 * laid out the same way ({@code DIR/<folder>/...}), adds folders and events and overrides built-in
 * events of the same type; its folders may omit {@code index.json}, and any {@code *.json} file there
 * that no index lists is an event named after the file.
 *
 * <p>A folder's {@code index.json}:
 * <pre>{@code
 * {
 *   "description": "optional one line (built-ins keep it in samples/index.json)",
 *   "data": "Notifications.0",          // the data part; "" = the whole envelope; null = none
 *   "type": "Notifications.0.Action",   // where the event type is; optional
 *   "id": "Id",                         // where the event id is; optional
 *   "events": {
 *     "EmployeeCreated": {"file": "EmployeeCreated.json", "description": "one line",
 *                         "data": "...", "type": "...", "id": "..."}   // the last three optional
 *   }
 * }
 * }</pre>
 * Unknown fields are an error naming the file and the field. Loading is lazy and cached; instances are
 * safe to share between threads.
 */
public final class SampleCatalog {
    private static final String ROOT = "/dev/hooks/samples/";
    private static final String INDEX = "index.json";
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._+-]*");
    private static final Set<String> FOLDER_KEYS = Set.of("description", "data", "type", "id", "events");
    private static final Set<String> EVENT_KEYS = Set.of("file", "description", "data", "type", "id");
    private static final Set<String> TOP_KEYS = Set.of("folders");

    private final Path directory;
    private final Map<String, String> builtInFolders;
    private final List<String> folders;
    private final Map<String, Folder> cache = new HashMap<>();

    private SampleCatalog(Path directory) {
        this.directory = directory;
        this.builtInFolders = readTopIndex();
        List<String> names = new ArrayList<>(builtInFolders.keySet());
        for (String name : diskFolders()) {
            if (!names.contains(name)) {
                names.add(name);
            }
        }
        this.folders = List.copyOf(names);
    }

    /** The built-in samples only. */
    public static SampleCatalog builtIn() {
        return new SampleCatalog(null);
    }

    /**
     * The built-in samples plus those under {@code directory} (user samples win on the same folder and
     * event type). A null directory means built-ins only.
     *
     * @throws HooksException (input) when the directory does not exist or is not a directory
     */
    public static SampleCatalog withDirectory(Path directory) {
        if (directory != null && !Files.isDirectory(directory)) {
            throw HooksException.input("samples directory " + directory + " does not exist or is not a directory");
        }
        return new SampleCatalog(directory);
    }

    /** Every folder: built-ins in catalog order, then folders only the extra directory has, by name. */
    public List<String> folders() {
        return folders;
    }

    /** A folder's envelope facts, or empty when there is no such folder. */
    public Optional<SampleFolder> folder(String name) {
        return folders.contains(name) ? Optional.of(load(name).info) : Optional.empty();
    }

    /**
     * The events of {@code folder} in index order.
     *
     * @throws HooksException (input) when there is no such folder; the message lists the known ones
     */
    public List<SampleEvent> events(String folder) {
        if (!folders.contains(folder)) {
            throw HooksException.input("no samples for '" + folder + "'; known: " + String.join(", ", folders));
        }
        return load(folder).events.values().stream().map(Entry::event).toList();
    }

    /** The event of that type in that folder (exact, case-sensitive match). */
    public Optional<SampleEvent> find(String folder, String eventType) {
        if (!folders.contains(folder)) {
            return Optional.empty();
        }
        return Optional.ofNullable(load(folder).events.get(eventType)).map(Entry::event);
    }

    /**
     * Every folder's event of that type, in folder order: one result names the provider, several are
     * ambiguous ({@code employee.created} exists for more than one), none is unknown.
     */
    public List<SampleEvent> findEverywhere(String eventType) {
        List<SampleEvent> found = new ArrayList<>();
        for (String folder : folders) {
            find(folder, eventType).ifPresent(found::add);
        }
        return found;
    }

    /**
     * The event's template as stored, placeholders and all (a fresh tree each call).
     *
     * @throws HooksException (input) when the file is missing, not JSON or not a JSON object
     */
    public ObjectNode template(SampleEvent event) {
        Entry entry = entry(event);
        JsonNode tree = JsonBody.parse(entry.location.open(), entry.location.name());
        if (!tree.isObject()) {
            throw HooksException.input(entry.location.name() + ": a sample must be a JSON object");
        }
        return (ObjectNode) tree;
    }

    /** The event rendered with fresh values by a default {@link SampleRenderer}. */
    public ObjectNode render(SampleEvent event) {
        return render(event, new SampleRenderer());
    }

    /**
     * The event rendered by {@code renderer}.
     *
     * @throws HooksException (input) when the template is unreadable or holds a bad placeholder; the
     *     message names the sample
     */
    public ObjectNode render(SampleEvent event, SampleRenderer renderer) {
        ObjectNode template = template(event);
        try {
            return renderer.render(template);
        } catch (HooksException e) {
            throw HooksException.input("sample " + event.folder() + "/" + event.file() + ": " + e.getMessage());
        }
    }

    private Entry entry(SampleEvent event) {
        Entry entry = folders.contains(event.folder()) ? load(event.folder()).events.get(event.eventType()) : null;
        if (entry == null) {
            throw HooksException.input("no sample '" + event.eventType() + "' in '" + event.folder() + "'");
        }
        return entry;
    }

    // ---- loading ----

    private record Folder(SampleFolder info, LinkedHashMap<String, Entry> events) {
    }

    private record Entry(SampleEvent event, Location location) {
    }

    /** Where a file is: a classpath resource or a path on disk. */
    private record Location(String resource, Path path) {
        static Location resource(String resource) {
            return new Location(resource, null);
        }

        static Location path(Path path) {
            return new Location(null, path);
        }

        String name() {
            return path != null ? path.toString() : "classpath:" + resource;
        }

        InputStream open() {
            try {
                if (path != null) {
                    return Files.newInputStream(path);
                }
                InputStream in = SampleCatalog.class.getResourceAsStream(resource);
                if (in == null) {
                    throw HooksException.input(name() + ": not found");
                }
                return in;
            } catch (IOException e) {
                throw HooksException.input(name() + ": cannot read: " + e.getMessage());
            }
        }

        boolean exists() {
            if (path != null) {
                return Files.isRegularFile(path);
            }
            return SampleCatalog.class.getResource(resource) != null;
        }
    }

    private synchronized Folder load(String name) {
        Folder folder = cache.get(name);
        if (folder == null) {
            folder = read(name);
            cache.put(name, folder);
        }
        return folder;
    }

    private Folder read(String name) {
        Folder builtIn = null;
        if (builtInFolders.containsKey(name)) {
            SampleFolder defaults = new SampleFolder(name, builtInFolders.get(name), null, null, null);
            builtIn = readIndex(defaults, file -> Location.resource(ROOT + name + "/" + file), null);
        }
        Path disk = directory == null ? null : directory.resolve(name);
        if (disk == null || !Files.isDirectory(disk)) {
            return builtIn;
        }
        SampleFolder defaults = builtIn != null ? builtIn.info : new SampleFolder(name, "", null, null, null);
        Folder user = readIndex(defaults, file -> Location.path(disk.resolve(file)), disk);
        if (builtIn == null) {
            return user;
        }
        LinkedHashMap<String, Entry> merged = new LinkedHashMap<>(builtIn.events);
        merged.putAll(user.events);
        return new Folder(user.info, merged);
    }

    private interface Locator {
        Location locate(String file);
    }

    /** Reads one folder's index (which may be absent on disk) and, on disk, adds unlisted files. */
    private Folder readIndex(SampleFolder defaults, Locator locator, Path disk) {
        String name = defaults.name();
        Location indexLocation = locator.locate(INDEX);
        LinkedHashMap<String, Entry> events = new LinkedHashMap<>();
        SampleFolder info = defaults;
        if (indexLocation.exists()) {
            String source = indexLocation.name();
            JsonNode index = JsonBody.parse(indexLocation.open(), source);
            if (!index.isObject()) {
                throw HooksException.input(source + ": must be a JSON object");
            }
            checkKeys(index, FOLDER_KEYS, source, "");
            info = new SampleFolder(name,
                    index.has("description") ? string(index, "description", source, "") : defaults.description(),
                    path(index, "data", source, "", defaults.dataPath()),
                    path(index, "type", source, "", defaults.typePath()),
                    path(index, "id", source, "", defaults.idPath()));
            JsonNode list = index.get("events");
            if (list == null || !list.isObject()) {
                throw HooksException.input(source + ": 'events' must be an object of event type to {\"file\", \"description\"}");
            }
            Iterator<Map.Entry<String, JsonNode>> it = list.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                String type = e.getKey();
                String where = "events." + type;
                JsonNode entry = e.getValue();
                if (!entry.isObject()) {
                    throw HooksException.input(source + ": '" + where + "' must be an object with \"file\"");
                }
                checkKeys(entry, EVENT_KEYS, source, where + ".");
                String file = string(entry, "file", source, where + ".");
                if (file == null || !NAME.matcher(file).matches() || !file.endsWith(".json") || file.equals(INDEX)) {
                    throw HooksException.input(source + ": '" + where + ".file' must be a file name ending in .json"
                            + " in the same folder, got " + (file == null ? "nothing" : "'" + file + "'"));
                }
                SampleEvent event = new SampleEvent(name, type, string(entry, "description", source, where + "."), file,
                        path(entry, "data", source, where + ".", info.dataPath()),
                        path(entry, "type", source, where + ".", info.typePath()),
                        path(entry, "id", source, where + ".", info.idPath()));
                events.put(type, new Entry(event, locator.locate(file)));
            }
        }
        if (disk != null) {
            Set<String> listed = new java.util.HashSet<>();
            events.values().forEach(entry -> listed.add(entry.event.file()));
            for (String file : jsonFiles(disk)) {
                if (!listed.contains(file)) {
                    String type = file.substring(0, file.length() - ".json".length());
                    SampleEvent event = new SampleEvent(name, type, "", file, info.dataPath(), info.typePath(), info.idPath());
                    events.putIfAbsent(type, new Entry(event, locator.locate(file)));
                }
            }
        }
        return new Folder(info, events);
    }

    private Map<String, String> readTopIndex() {
        Location top = Location.resource(ROOT + INDEX);
        Map<String, String> out = new LinkedHashMap<>();
        if (!top.exists()) {
            return out;
        }
        JsonNode index = JsonBody.parse(top.open(), top.name());
        checkKeys(index, TOP_KEYS, top.name(), "");
        JsonNode list = index.path("folders");
        Iterator<Map.Entry<String, JsonNode>> it = list.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!NAME.matcher(e.getKey()).matches()) {
                throw HooksException.input(top.name() + ": bad folder name '" + e.getKey() + "'");
            }
            out.put(e.getKey(), e.getValue().path("description").asText(""));
        }
        return out;
    }

    private List<String> diskFolders() {
        if (directory == null) {
            return List.of();
        }
        try (Stream<Path> children = Files.list(directory)) {
            return children.filter(Files::isDirectory)
                    .map(p -> p.getFileName().toString())
                    .filter(n -> NAME.matcher(n).matches())
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw HooksException.input("cannot list samples directory " + directory + ": " + e.getMessage());
        }
    }

    private static List<String> jsonFiles(Path folder) {
        try (Stream<Path> children = Files.list(folder)) {
            return children.filter(Files::isRegularFile)
                    .map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".json") && !n.equals(INDEX) && NAME.matcher(n).matches())
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw HooksException.input("cannot list " + folder + ": " + e.getMessage());
        }
    }

    private static void checkKeys(JsonNode node, Set<String> allowed, String source, String prefix) {
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            String key = names.next();
            if (!allowed.contains(key)) {
                throw HooksException.input(source + ": unknown field '" + prefix + key + "'; expected one of "
                        + String.join(", ", allowed.stream().sorted().toList()));
            }
        }
    }

    private static String string(JsonNode node, String key, String source, String prefix) {
        JsonNode value = node.get(key);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw HooksException.input(source + ": '" + prefix + key + "' must be a string");
        }
        return value.textValue();
    }

    /** A path field: absent inherits, null means none, a string is checked as a dotted path. */
    private static String path(JsonNode node, String key, String source, String prefix, String inherited) {
        if (!node.has(key)) {
            return inherited;
        }
        String value = string(node, key, source, prefix);
        if (value != null) {
            try {
                DottedPath.segments(value);
            } catch (HooksException e) {
                throw HooksException.input(source + ": '" + prefix + key + "': " + e.getMessage());
            }
        }
        return value;
    }
}
