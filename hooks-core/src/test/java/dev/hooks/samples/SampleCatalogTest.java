package dev.hooks.samples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hooks.HooksException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SampleCatalogTest {
    private final SampleCatalog builtIn = SampleCatalog.builtIn();

    @Test
    void listsBuiltInFoldersFromTheClasspathIndex() {
        assertThat(builtIn.folders()).startsWith("paismo", "paxos", "teal", "keypay", "paycor")
                .contains("stripe", "github", "shopify", "slack", "zoom", "standard-webhooks", "svix");
        assertThat(builtIn.folder("keypay")).get().satisfies(f -> {
            assertThat(f.dataPath()).isEqualTo("Notifications.0");
            assertThat(f.typePath()).isEqualTo("Notifications.0.Action");
            assertThat(f.idPath()).isEqualTo("Id");
            assertThat(f.description()).isNotBlank();
        });
        assertThat(builtIn.folder("nope")).isEmpty();
    }

    @Test
    void findsAnEventInAFolder() {
        SampleEvent event = builtIn.find("paismo", "employee.updated").orElseThrow();

        assertThat(event.folder()).isEqualTo("paismo");
        assertThat(event.file()).isEqualTo("employee.updated.json");
        assertThat(event.dataPath()).isEqualTo("data");
        assertThat(event.description()).isNotBlank();
        assertThat(builtIn.find("paismo", "Employee.Updated")).isEmpty();
        assertThat(builtIn.find("nope", "employee.updated")).isEmpty();
    }

    @Test
    void findEverywhereInfersTheProviderWhenUnambiguous() {
        assertThat(builtIn.findEverywhere("EmployeeCreated")).extracting(SampleEvent::folder).containsExactly("keypay");
        assertThat(builtIn.findEverywhere("employee.created")).extracting(SampleEvent::folder)
                .containsExactly("paismo", "standard-webhooks");
        assertThat(builtIn.findEverywhere("no.such.event")).isEmpty();
    }

    @Test
    void perEventEntriesOverrideFolderPaths() {
        SampleEvent verification = builtIn.find("slack", "url_verification").orElseThrow();

        assertThat(verification.dataPath()).isEmpty();
        assertThat(verification.typePath()).isEqualTo("type");
        assertThat(verification.idPath()).isNull();
        assertThat(builtIn.find("slack", "app_mention").orElseThrow().typePath()).isEqualTo("event.type");
    }

    @Test
    void unknownFolderIsAnInputErrorListingTheKnownOnes() {
        assertThatThrownBy(() -> builtIn.events("acme")).isInstanceOf(HooksException.class)
                .hasMessageStartingWith("no samples for 'acme'; known: paismo, paxos");
    }

    @Test
    void templateKeepsPlaceholdersAndRenderReplacesThem() {
        SampleEvent event = builtIn.find("keypay", "EmployeeCreated").orElseThrow();

        assertThat(builtIn.template(event).get("Id").textValue()).isEqualTo("{{uuid:n}}");
        assertThat(builtIn.render(event).get("Id").textValue()).matches("[0-9a-f]{32}");
    }

    @Test
    void aDirectoryAddsFoldersAddsEventsAndOverridesBuiltIns(@TempDir Path dir) throws IOException {
        Path paismo = Files.createDirectories(dir.resolve("paismo"));
        Files.writeString(paismo.resolve("employee.created.json"), "{\"id\":\"mine\",\"event_type\":\"employee.created\"}");
        Files.writeString(paismo.resolve("employee.rehired.json"), "{\"id\":\"{{uuid}}\",\"event_type\":\"employee.rehired\"}");
        Path acme = Files.createDirectories(dir.resolve("acme"));
        Files.writeString(acme.resolve("index.json"), "{\"data\":\"payload\",\"type\":\"kind\",\"events\":{"
                + "\"invoice/paid\":{\"file\":\"invoice.paid.json\",\"description\":\"Paid\"}}}");
        Files.writeString(acme.resolve("invoice.paid.json"), "{\"kind\":\"invoice/paid\",\"payload\":{}}");

        SampleCatalog catalog = SampleCatalog.withDirectory(dir);

        assertThat(catalog.folders()).endsWith("acme").contains("paismo").doesNotHaveDuplicates();
        assertThat(catalog.events("paismo")).extracting(SampleEvent::eventType)
                .startsWith("employee.created", "employee.updated").endsWith("employee.rehired");
        SampleEvent mine = catalog.find("paismo", "employee.created").orElseThrow();
        assertThat(catalog.render(mine).get("id").textValue()).isEqualTo("mine");
        assertThat(mine.dataPath()).isEqualTo("data");
        assertThat(catalog.find("paismo", "payroll.closed")).isPresent();
        SampleEvent acmeEvent = catalog.find("acme", "invoice/paid").orElseThrow();
        assertThat(acmeEvent.dataPath()).isEqualTo("payload");
        assertThat(acmeEvent.description()).isEqualTo("Paid");
        assertThat(catalog.render(acmeEvent).get("kind").textValue()).isEqualTo("invoice/paid");
        assertThat(builtIn.find("paismo", "employee.rehired")).isEmpty();
    }

    @Test
    void badIndexesAndTemplatesNameTheFileAndField(@TempDir Path dir) throws IOException {
        Path acme = Files.createDirectories(dir.resolve("acme"));
        Files.writeString(acme.resolve("index.json"), "{\"events\":{\"a\":{\"file\":\"a.json\",\"descripton\":\"typo\"}}}");
        assertThatThrownBy(() -> SampleCatalog.withDirectory(dir).events("acme")).isInstanceOf(HooksException.class)
                .hasMessageContaining("index.json").hasMessageContaining("unknown field 'events.a.descripton'");

        Files.writeString(acme.resolve("index.json"), "{\"events\":{\"a\":{\"file\":\"../a.json\"}}}");
        assertThatThrownBy(() -> SampleCatalog.withDirectory(dir).events("acme")).hasMessageContaining("'events.a.file'");

        Files.writeString(acme.resolve("index.json"), "{\"events\":{\"a\":{\"file\":\"a.json\"}}}");
        Files.writeString(acme.resolve("a.json"), "{\"x\":\"{{bogus}}\"}");
        SampleCatalog catalog = SampleCatalog.withDirectory(dir);
        SampleEvent a = catalog.find("acme", "a").orElseThrow();
        assertThatThrownBy(() -> catalog.render(a)).hasMessageStartingWith("sample acme/a.json: at 'x': {{bogus}}");

        Files.writeString(acme.resolve("a.json"), "[1]");
        assertThatThrownBy(() -> catalog.template(a)).hasMessageContaining("a.json").hasMessageContaining("JSON object");
    }

    @Test
    void aMissingDirectoryIsAnInputError(@TempDir Path dir) {
        assertThatThrownBy(() -> SampleCatalog.withDirectory(dir.resolve("absent"))).isInstanceOf(HooksException.class)
                .hasMessageContaining("does not exist");
        assertThat(SampleCatalog.withDirectory(null).folders()).isEqualTo(builtIn.folders());
    }
}
