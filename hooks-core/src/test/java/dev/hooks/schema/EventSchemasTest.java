package dev.hooks.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hooks.HooksException;
import dev.hooks.samples.SampleCatalog;
import dev.hooks.samples.SampleEvent;
import dev.hooks.scheme.Profile;
import dev.hooks.scheme.ProviderCatalog;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The built-in schemas against the built-in samples, and the envelopes the document providers always send. */
class EventSchemasTest {
    private static final ProviderCatalog PROVIDERS = new ProviderCatalog(List.of());
    private static final SampleCatalog SAMPLES = SampleCatalog.builtIn();

    static Stream<Arguments> samples() {
        List<Arguments> out = new ArrayList<>();
        for (String provider : ProviderCatalog.BUILT_IN) {
            Profile p = PROVIDERS.builtIn(provider);
            for (SampleEvent e : SAMPLES.events(p.samples())) {
                out.add(Arguments.of(provider, e));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("samples")
    void everyBuiltInSampleIsValidAgainstItsSchema(String provider, SampleEvent event) {
        EventSchemas schemas = EventSchemas.of(PROVIDERS.builtIn(provider));
        ObjectNode body = SAMPLES.render(event);
        SchemaResult r = schemas.check(event.eventType(), body);
        assertThat(r.errors()).as(provider + " " + event.eventType()).isEmpty();
        assertThat(r.verdict()).isEqualTo(schemas.has(event.eventType()) ? "valid" : "none");
    }

    @Test
    void theDocumentProvidersAndGithubHaveASchemaForEverySample() {
        for (String provider : List.of("paismo", "paxos", "teal", "keypay", "paycor", "github")) {
            EventSchemas schemas = EventSchemas.of(PROVIDERS.builtIn(provider));
            for (SampleEvent e : SAMPLES.events(provider)) {
                assertThat(schemas.has(e.eventType())).as(provider + " " + e.eventType()).isTrue();
            }
        }
    }

    static Stream<Arguments> envelopes() {
        return Stream.of(
                Arguments.of("paismo", "employee.created", List.of("id", "event_type", "event_id", "timestamp", "data")),
                Arguments.of("paxos", "identity.approved", List.of("id", "type", "source", "time", "object")),
                Arguments.of("teal", "user-payroll-submitted", List.of("id", "event", "data")),
                Arguments.of("keypay", "EmployeeCreated", List.of("Id", "Attempt", "Properties", "Notifications")),
                Arguments.of("paycor", "Employee.Add", List.of("Id", "Attempt", "Properties", "Notifications")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("envelopes")
    void anEnvelopeWithoutOneOfItsRequiredFieldsIsInvalid(String provider, String eventType, List<String> required) {
        EventSchemas schemas = EventSchemas.of(PROVIDERS.builtIn(provider));
        for (String field : required) {
            ObjectNode body = SAMPLES.render(SAMPLES.find(provider, eventType).orElseThrow());
            body.remove(field);
            SchemaResult r = schemas.check(eventType, body);
            assertThat(r.verdict()).as(field).isEqualTo("invalid");
            assertThat(r.errors()).as(field).anySatisfy(e -> assertThat(e.pointer()).isEqualTo("/" + field));
        }
    }

    @Test
    void documentedFieldsAreCheckedWithTheirPointers() {
        EventSchemas paismo = EventSchemas.of(PROVIDERS.builtIn("paismo"));
        ObjectNode body = SAMPLES.render(SAMPLES.find("paismo", "employee.created").orElseThrow());
        ((ObjectNode) body.get("data")).remove("employee_id");
        assertThat(paismo.check("employee.created", body).errors()).extracting(SchemaError::pointer)
                .contains("/data/employee_id");

        ObjectNode approved = SAMPLES.render(SAMPLES.find("paismo", "payroll.approved").orElseThrow());
        ((ObjectNode) approved.get("data")).put("is_approved", false);
        assertThat(paismo.check("payroll.approved", approved).errors()).extracting(SchemaError::pointer)
                .containsExactly("/data/is_approved");

        EventSchemas paxos = EventSchemas.of(PROVIDERS.builtIn("paxos"));
        ObjectNode extra = SAMPLES.render(SAMPLES.find("paxos", "identity.approved").orElseThrow());
        extra.put("data", "more");
        assertThat(paxos.check("identity.approved", extra).invalid()).isTrue();

        EventSchemas teal = EventSchemas.of(PROVIDERS.builtIn("teal"));
        ObjectNode upload = SAMPLES.render(SAMPLES.find("teal", "user-payroll-submitted").orElseThrow());
        ((ObjectNode) upload.get("data")).putNull("account_id");
        assertThat(teal.check("user-payroll-submitted", upload).verdict()).isEqualTo("valid");
        ((ObjectNode) upload.get("data")).put("account_id", 7);
        assertThat(teal.check("user-payroll-submitted", upload).errors()).extracting(SchemaError::pointer)
                .containsExactly("/data/account_id");
    }

    @Test
    void theEventTypeComesFromTheBodyWhereTheEnvelopeNamesIt() {
        EventSchemas keypay = EventSchemas.of(PROVIDERS.builtIn("keypay"));
        byte[] body = SAMPLES.render(SAMPLES.find("keypay", "PayRunDeleted").orElseThrow()).toString()
                .replace("\"PayRunId\"", "\"Other\"").getBytes(StandardCharsets.UTF_8);
        assertThat(keypay.check(null, body).errors()).extracting(SchemaError::pointer)
                .containsExactly("/Notifications/0/PayRunId");
        assertThat(keypay.check("NoSuchEvent", body)).isEqualTo(SchemaResult.NO_SCHEMA);
        assertThatThrownBy(() -> EventSchemas.of(PROVIDERS.builtIn("github")).check(null, "{}".getBytes()))
                .isInstanceOf(HooksException.class).hasMessageContaining("X-GitHub-Event");
        assertThatThrownBy(() -> keypay.check(null, "{nope".getBytes())).isInstanceOf(HooksException.class)
                .hasMessageStartingWith("the body is not JSON");
    }

    @Test
    void hooksValidateReturnsTheErrorsAndRefusesAnEventWithoutASchema() {
        ObjectNode body = SAMPLES.render(SAMPLES.find("paycor", "Employee.Add").orElseThrow());
        assertThat(dev.hooks.Hooks.validate("paycor", null, body.toString().getBytes())).isEmpty();
        ((ObjectNode) body.get("Notifications").get(0)).remove("ResourceId");
        assertThat(dev.hooks.Hooks.validate("paycor", "Employee.Add", body.toString().getBytes()))
                .extracting(SchemaError::pointer).containsExactly("/Notifications/0/ResourceId");
        assertThatThrownBy(() -> dev.hooks.Hooks.validate("stripe", "invoice.paid", "{}".getBytes()))
                .isInstanceOf(HooksException.class).hasMessage("provider 'stripe' has no schema for event 'invoice.paid'");
    }

    @Test
    void aCustomProfileCarriesInlineSchemasAndFilesBesideItInDraft07Or202012(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("schemas"));
        Files.writeString(dir.resolve("schemas/common.json"), """
                {"$schema": "http://json-schema.org/draft-07/schema#",
                 "definitions": {"money": {"type": "object", "required": ["amount"],
                                           "properties": {"amount": {"type": "number"}}}}}""");
        Files.writeString(dir.resolve("schemas/invoice.paid.json"), """
                {"$schema": "http://json-schema.org/draft-07/schema#", "type": "object", "required": ["total"],
                 "properties": {"total": {"$ref": "common.json#/definitions/money"}}}""");
        Path file = dir.resolve("acme.json");
        Files.writeString(file, """
                {"name": "acme", "envelope": {"eventType": "type"},
                 "schemas": {"invoice.paid": "schemas/invoice.paid.json",
                             "invoice.sent": {"type": "object", "required": ["to"],
                                              "properties": {"to": {"type": "string", "format": "email"}}}}}""");
        Profile acme = new ProviderCatalog(List.of(dir)).get("acme");
        EventSchemas schemas = EventSchemas.of(acme);
        assertThat(schemas.check(null, "{\"type\":\"invoice.paid\",\"total\":{\"amount\":3}}".getBytes()).verdict())
                .isEqualTo("valid");
        assertThat(schemas.check(null, "{\"type\":\"invoice.paid\",\"total\":{}}".getBytes()).errors())
                .extracting(SchemaError::pointer).containsExactly("/total/amount");
        assertThat(schemas.check(null, "{\"type\":\"invoice.sent\",\"to\":\"a@example.com\"}".getBytes()).verdict())
                .isEqualTo("valid");
        assertThat(schemas.check(null, "{\"type\":\"invoice.sent\",\"to\":\"not an address\"}".getBytes()).errors())
                .extracting(SchemaError::pointer).containsExactly("/to");
    }

    @Test
    void aSchemaThatCannotBeReadIsAOneLineInputError(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("acme.json"), """
                {"name": "acme", "schemas": {"a": "schemas/missing.json", "b": "schemas/remote.json"}}""");
        Files.createDirectories(dir.resolve("schemas"));
        Files.writeString(dir.resolve("schemas/remote.json"), """
                {"$ref": "https://example.com/schema.json"}""");
        EventSchemas schemas = EventSchemas.of(new ProviderCatalog(List.of(dir)).get("acme"));
        assertThatThrownBy(() -> schemas.check("a", "{}".getBytes())).isInstanceOf(HooksException.class)
                .hasMessageStartingWith("provider 'acme': schemas.a cannot be read");
        assertThatThrownBy(() -> schemas.check("b", "{}".getBytes())).isInstanceOf(HooksException.class)
                .hasMessageStartingWith("provider 'acme': schemas.b cannot be read");
    }

    @Test
    void aProfileFieldThatIsNeitherASchemaNorAPathIsRefusedWithItsName(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("acme.json"), """
                {"name": "acme", "schemas": {"a": 3}}""");
        assertThatThrownBy(() -> new ProviderCatalog(List.of(dir)).get("acme")).isInstanceOf(HooksException.class)
                .hasMessageContaining("schemas.a must be a JSON Schema object or a path");
    }
}
