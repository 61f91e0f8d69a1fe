package dev.hooks.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.AbsoluteIri;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaException;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.PathType;
import com.networknt.schema.resource.InputStreamSource;
import dev.hooks.HooksException;
import dev.hooks.scheme.Profile;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The JSON Schemas of one provider's events (a profile's {@code schemas}), read and compiled on first use and then
 * kept; checking is thread-safe. Schemas are drafts 07 or 2020-12 (a schema without {@code $schema} is read as
 * 2020-12), checked by networknt's json-schema-validator with format assertions on. {@code $ref}s resolve against
 * the profile's own directory (or, for built-ins, its place in the jar); nothing is ever fetched from the network.
 */
public final class EventSchemas {
    /** How many errors a result keeps. */
    public static final int MAX_ERRORS = 20;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String BUILT_IN_BASE = "classpath:dev/hooks/providers/";
    private static final Map<String, EventSchemas> BUILT_INS = new ConcurrentHashMap<>();

    private final Profile profile;
    private final String base;
    /** Made at the first check, not with the profile: the validator initialises SLF4J, which a receiver quiets first. */
    private SchemaRegistry registry;
    private final Map<String, Schema> compiled = new ConcurrentHashMap<>();

    private EventSchemas(Profile profile) {
        this.profile = profile;
        this.base = profile.source().startsWith("built-in:") ? BUILT_IN_BASE
                : Path.of(profile.source()).toAbsolutePath().getParent().toUri().toString();
    }

    private synchronized SchemaRegistry registry() {
        if (registry != null) {
            return registry;
        }
        SchemaRegistryConfig config = SchemaRegistryConfig.builder()
                .pathType(PathType.JSON_POINTER)
                .formatAssertionsEnabled(true)
                .build();
        this.registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12, b -> b
                .schemaRegistryConfig(config)
                .schemaLoader(l -> l.fetchRemoteResources(false).block(EventSchemas::remote)
                        .resourceLoaders(r -> r.add(EventSchemas::file))));
        return registry;
    }

    /** The schemas of this profile; built-in profiles share one instance, so their schemas compile once a process. */
    public static EventSchemas of(Profile profile) {
        if (profile.source().startsWith("built-in:")) {
            return BUILT_INS.computeIfAbsent(profile.name(), n -> new EventSchemas(profile));
        }
        return new EventSchemas(profile);
    }

    public Profile profile() {
        return profile;
    }

    /** Whether the event type has a schema. */
    public boolean has(String eventType) {
        return eventType != null && profile.schemas().containsKey(eventType);
    }

    /**
     * Checks a parsed body against its event's schema: {@code none} when the event has no schema.
     *
     * @throws HooksException (exit 2) when the schema itself cannot be read or is not a schema
     */
    public SchemaResult check(String eventType, JsonNode body) {
        if (!has(eventType)) {
            return SchemaResult.NO_SCHEMA;
        }
        List<Error> found = schema(eventType).validate(body);
        List<String> dead = new ArrayList<>();
        for (Error e : found) {
            String branch = deadBranch(e);
            if (branch != null) {
                dead.add(branch);
            }
        }
        List<SchemaError> errors = new ArrayList<>(Math.min(found.size(), MAX_ERRORS));
        for (Error e : found) {
            String path = String.valueOf(e.getEvaluationPath());
            if (dead.stream().anyMatch(path::startsWith) && found.size() > 1) {
                continue;
            }
            if (errors.size() == MAX_ERRORS) {
                break;
            }
            errors.add(error(e));
        }
        return SchemaResult.of(errors);
    }

    /**
     * Checks raw bytes: the event type is {@code eventType} when given, else read from the body where the profile's
     * envelope names it. {@code none} when the event has no schema.
     *
     * @throws HooksException (exit 2) when the bytes are not JSON, or no event type is given and the body names none
     */
    public SchemaResult check(String eventType, byte[] body) {
        JsonNode tree = parse(body);
        return check(eventType != null ? eventType : requireEventType(tree), tree);
    }

    /** The body as JSON, or a one-line input error (exit 2). */
    public JsonNode parse(byte[] body) {
        JsonNode tree;
        try {
            tree = JSON.readTree(body);
        } catch (IOException e) {
            throw HooksException.input("the body is not JSON: " + firstLine(e.getMessage()));
        }
        if (tree == null || tree.isMissingNode()) {
            throw HooksException.input("the body is empty: expected a JSON " + profile.name() + " delivery");
        }
        return tree;
    }

    /** The event type the body names, or a one-line input error (exit 2) saying to pass it. */
    public String requireEventType(JsonNode body) {
        return eventType(body).orElseThrow(() -> HooksException.input(
                "cannot tell the event type from the body: pass --event-type (provider '" + profile.name() + "' "
                        + (profile.envelope() != null && profile.envelope().eventTypeHeader() != null
                        ? "names it in the " + profile.envelope().eventTypeHeader() + " header)" : "names none)")));
    }

    /** The event type the body names where the profile's envelope says where it is. */
    public Optional<String> eventType(JsonNode body) {
        Profile.EnvelopeSpec env = profile.envelope();
        if (env == null || env.eventType() == null || env.eventType().isEmpty()) {
            return Optional.empty();
        }
        JsonNode n = body;
        for (String part : env.eventType().split("\\.")) {
            if (n == null) {
                break;
            }
            n = n.isArray() && part.matches("\\d{1,8}") ? n.get(Integer.parseInt(part)) : n.get(part);
        }
        return n != null && n.isValueNode() && !n.isNull() ? Optional.of(n.asText()) : Optional.empty();
    }

    private Schema schema(String eventType) {
        Schema s = compiled.get(eventType);
        if (s == null) {
            s = compile(eventType);
            compiled.putIfAbsent(eventType, s);
        }
        return s;
    }

    private Schema compile(String eventType) {
        Object ref = profile.schemas().get(eventType);
        String where = "provider '" + profile.name() + "': schemas." + eventType;
        try {
            Schema s;
            if (ref instanceof String path) {
                String iri = base + path.replace(" ", "%20");
                s = registry().getSchema(SchemaLocation.of(iri.contains("#") ? iri : iri + "#"));
            } else {
                JsonNode node = JSON.valueToTree(ref);
                s = registry().getSchema(SchemaLocation.of(base + "schemas/" + eventType + ".inline.json#"), node);
            }
            s.initializeValidators();
            return s;
        } catch (SchemaException | IllegalArgumentException | IllegalStateException | NullPointerException e) {
            throw HooksException.input(where + " cannot be read as a JSON Schema: " + firstLine(String.valueOf(e.getMessage())));
        } catch (RuntimeException e) {
            throw HooksException.input(where + " cannot be read as a JSON Schema: " + firstLine(e.toString()));
        }
    }

    /**
     * The {@code oneOf}/{@code anyOf} branch an error shows does not apply (its {@code const} or {@code enum} fails,
     * such as GitHub's {@code action}, or the value is not of the branch's type at all), or null: that branch's other
     * errors are noise beside the branch that does apply.
     */
    private static String deadBranch(Error e) {
        String path = String.valueOf(e.getEvaluationPath());
        java.util.regex.Matcher m = BRANCH.matcher(path);
        int end = -1;
        while (m.find()) {
            end = m.end();
        }
        if (end < 0) {
            return null;
        }
        String rest = path.substring(end);
        boolean discriminates = ("const".equals(e.getKeyword()) || "enum".equals(e.getKeyword()))
                && rest.split("/properties/", -1).length <= 2
                || "type".equals(e.getKeyword()) && !rest.contains("/properties/") && !rest.contains("/items");
        return discriminates ? path.substring(0, end) + "/" : null;
    }

    private static final java.util.regex.Pattern BRANCH = java.util.regex.Pattern.compile("/(oneOf|anyOf)/\\d+");

    private static SchemaError error(Error e) {
        String pointer = e.getInstanceLocation() == null ? "" : e.getInstanceLocation().toString();
        if ("required".equals(e.getKeyword()) && e.getProperty() != null) {
            pointer = pointer + "/" + e.getProperty().replace("~", "~0").replace("/", "~1");
        }
        return new SchemaError(pointer, firstLine(e.getMessage()));
    }

    /** A {@code file:} schema: read from disk (the validator's own loader for it also fetches over the network). */
    private static InputStreamSource file(AbsoluteIri iri) {
        String s = iri.toString();
        if (!s.startsWith("file:")) {
            return null;
        }
        Path path = Path.of(URI.create(s));
        return () -> Files.newInputStream(path);
    }

    private static boolean remote(AbsoluteIri iri) {
        String s = iri.toString();
        return s.startsWith("http:") || s.startsWith("https:") || s.startsWith("ftp:") || s.startsWith("jar:http");
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
