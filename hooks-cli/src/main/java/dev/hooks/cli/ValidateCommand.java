package dev.hooks.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hooks.HooksException;
import dev.hooks.schema.EventSchemas;
import dev.hooks.schema.SchemaError;
import dev.hooks.schema.SchemaResult;
import dev.hooks.scheme.Profile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "validate",
        description = {"Check a body against the JSON Schema of its event, as listen does on receipt.",
                "The event type comes from the body where the provider's envelope names it, else from --event-type.",
                "Prints one line per error with its JSON pointer. Exit 0 valid, 1 invalid, 2 when the event has no "
                        + "schema (or the body is not JSON)."},
        footerHeading = "%nExamples:%n",
        footer = {
            "  hooks validate --provider paismo delivery.json",
            "  hooks samples show employee.created --provider paismo \\",
            "      | hooks validate --provider paismo",
            "  hooks validate --provider github --event-type push payload.json"})
final class ValidateCommand extends BaseCommand {
    @Option(names = {"-p", "--provider"}, required = true, paramLabel = "P", completionCandidates = ProviderNames.class,
            description = "Provider profile: ${COMPLETION-CANDIDATES} or a user profile.")
    String provider;

    @Option(names = {"-t", "--event-type"}, paramLabel = "T",
            description = "The event type, where the body does not name it (GitHub names it in a header).")
    String eventType;

    @Mixin
    ProviderOptions providers;

    @Parameters(index = "0", arity = "0..1", paramLabel = "FILE", description = "The body; stdin when absent or '-'.")
    String file;

    @Override
    public Integer call() {
        Profile profile = providers.profile(ctx(), provider);
        EventSchemas schemas = EventSchemas.of(profile);
        JsonNode body = schemas.parse(readPayload(file));
        String type = eventType != null ? eventType : schemas.requireEventType(body);
        if (!schemas.has(type)) {
            throw HooksException.input(noSchema(profile, type));
        }
        SchemaResult r = schemas.check(type, body);
        if (!r.invalid()) {
            out().println("valid: " + profile.name() + " " + type + " matches its schema");
            return 0;
        }
        for (SchemaError e : r.errors()) {
            out().println(e.toString());
        }
        int n = r.errors().size();
        err().println("hooks: invalid: the " + profile.name() + " " + type + " body breaks its schema ("
                + (n == EventSchemas.MAX_ERRORS ? "the first " + n + " errors" : n == 1 ? "1 error" : n + " errors")
                + " above)");
        return HooksException.CHECK_FAILED;
    }

    private static String noSchema(Profile profile, String type) {
        return "provider '" + profile.name() + "' has no schema for event '" + type + "'"
                + (profile.schemas().isEmpty() ? " (it has none; add \"schemas\" to a profile of your own)"
                : " (it has schemas for: " + String.join(", ", profile.schemas().keySet().stream().limit(12).toList())
                + (profile.schemas().size() > 12 ? ", ..." : "") + ")");
    }
}
