package dev.hooks.samples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The samples/ folder itself: indexes and files agree, the seeds are complete, every sample renders. */
class SampleFilesTest {
    private static final Path SAMPLES = Path.of(System.getProperty("basedir", "")).toAbsolutePath().resolveSibling("samples");
    private static final SampleCatalog CATALOG = SampleCatalog.builtIn();

    /** The event types DESIGN.md lists for the seed providers: the spec. */
    private static final Map<String, List<String>> SEEDS = Map.of(
            "paismo", List.of("employee.created", "employee.updated", "employee.terminated",
                    "payroll.period.created", "payroll.created", "payroll.approved", "payroll.updated", "payroll.closed"),
            "paxos", List.of("identity.documents_required", "identity.approved", "identity.denied",
                    "identity.disabled", "identity.kyc_refresh.started", "identity.kyc_refresh.completed",
                    "identity.kyc_refresh.expired", "orchestration.processing", "orchestration.completed",
                    "orchestration.failed", "transfer.crypto_deposit.pending", "transfer.crypto_deposit.completed",
                    "transfer.crypto_deposit.failed", "transfer.crypto_withdrawal.pending",
                    "transfer.crypto_withdrawal.completed", "transfer.crypto_withdrawal.failed"),
            "teal", List.of("user-payroll-submitted"),
            "keypay", List.of("EmployeeCreated", "EmployeeUpdated", "EmployeeTerminated", "PayRunFinalised",
                    "PayRunInitialised", "PayRunDeleted", "LeaveRequestCreated", "LeaveRequestUpdated",
                    "LeaveRequestApproved", "LeaveRequestDeclined", "LeaveRequestCancelled", "BankAccountUpdated",
                    "BankAccountDeleted", "EmployeeRecurringDeductionUpdated", "EmployeeRecurringDeductionDeleted"));

    private static JsonNode read(Path file) throws IOException {
        return JsonBody.parse(Files.readAllBytes(file), file.toString());
    }

    private static Set<String> fieldNames(JsonNode node) {
        Set<String> names = new TreeSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    static List<SampleEvent> allEvents() {
        List<SampleEvent> all = new ArrayList<>();
        CATALOG.folders().forEach(folder -> all.addAll(CATALOG.events(folder)));
        return all;
    }

    @Test
    void theTopLevelHoldsOnlyTheIndexTheReadmeAndFolders() throws IOException {
        try (Stream<Path> children = Files.list(SAMPLES)) {
            assertThat(children.filter(Files::isRegularFile).map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("index.json", "README.md");
        }
    }

    @Test
    void everyFolderOnDiskIsInTheTopIndexAndBack() throws IOException {
        Set<String> onDisk = new TreeSet<>();
        try (Stream<Path> children = Files.list(SAMPLES)) {
            children.filter(Files::isDirectory).forEach(p -> onDisk.add(p.getFileName().toString()));
        }

        assertThat(fieldNames(read(SAMPLES.resolve("index.json")).get("folders"))).isEqualTo(onDisk);
        assertThat(CATALOG.folders()).containsExactlyInAnyOrderElementsOf(onDisk);
    }

    @Test
    void everyIndexEntryHasAFileAndEveryFileAnIndexEntry() throws IOException {
        try (Stream<Path> folders = Files.list(SAMPLES).filter(Files::isDirectory)) {
            for (Path folder : folders.toList()) {
                JsonNode index = read(folder.resolve("index.json"));
                Set<String> listed = new TreeSet<>();
                Iterator<Map.Entry<String, JsonNode>> it = index.get("events").fields();
                while (it.hasNext()) {
                    String file = it.next().getValue().get("file").textValue();
                    assertThat(folder.resolve(file)).as("index entry of %s", folder).isRegularFile();
                    assertThat(listed.add(file)).as("%s listed twice in %s", file, folder).isTrue();
                }
                Set<String> files = new TreeSet<>();
                try (Stream<Path> children = Files.list(folder)) {
                    children.map(p -> p.getFileName().toString()).filter(n -> !n.equals("index.json")).forEach(files::add);
                }
                assertThat(files).as("files of %s", folder).isEqualTo(listed);
            }
        }
    }

    @Test
    void filesAreNamedByEventTypeExceptWhereTheNameCannotBeAFileName() {
        for (SampleEvent event : allEvents()) {
            String expected = event.eventType().replace('/', '.') + ".json";
            assertThat(event.file()).as("%s/%s", event.folder(), event.eventType()).isEqualTo(expected);
            assertThat(event.description()).as("%s/%s description", event.folder(), event.eventType()).isNotBlank();
        }
    }

    @Test
    void everySeedProviderHasExactlyTheEventTypesDesignMdLists() {
        SEEDS.forEach((folder, types) -> assertThat(CATALOG.events(folder)).extracting(SampleEvent::eventType)
                .as(folder).containsExactlyInAnyOrderElementsOf(types));
    }

    @Test
    void paycorHasAHandfulOfEntityEventPairs() {
        assertThat(CATALOG.events("paycor")).hasSizeGreaterThanOrEqualTo(6)
                .extracting(SampleEvent::eventType)
                .contains("Employee.Add", "Employee.Update", "Employee.Terminate", "PayRun.Complete")
                .allMatch(type -> type.matches("[A-Z][A-Za-z]+\\.[A-Z][A-Za-z]+"));
    }

    @Test
    void theOtherProvidersHaveTheirBestKnownEvents() {
        assertThat(CATALOG.find("stripe", "payment_intent.succeeded")).isPresent();
        assertThat(CATALOG.find("stripe", "invoice.paid")).isPresent();
        assertThat(CATALOG.find("github", "push")).isPresent();
        assertThat(CATALOG.find("github", "pull_request")).isPresent();
        assertThat(CATALOG.find("github", "ping")).isPresent();
        assertThat(CATALOG.find("shopify", "orders/create")).get().extracting(SampleEvent::file).isEqualTo("orders.create.json");
        assertThat(CATALOG.find("slack", "app_mention")).isPresent();
        assertThat(CATALOG.find("slack", "url_verification")).isPresent();
        assertThat(CATALOG.find("zoom", "meeting.started")).isPresent();
        assertThat(CATALOG.find("zoom", "endpoint.url_validation")).isPresent();
        assertThat(CATALOG.events("standard-webhooks")).hasSizeBetween(2, 3);
        assertThat(CATALOG.events("svix")).hasSizeBetween(2, 3);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("allEvents")
    void rendersToJsonWithNoPlaceholderLeft(SampleEvent event) {
        ObjectNode rendered = CATALOG.render(event);
        String compact = new String(JsonBody.toBytes(rendered, JsonBody.Style.COMPACT), java.nio.charset.StandardCharsets.UTF_8);

        assertThat(compact).doesNotContain("{{");
        assertThat(JsonBody.parse(compact.getBytes(java.nio.charset.StandardCharsets.UTF_8), "rendered")).isEqualTo(rendered);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("allEvents")
    void twoRendersHaveDifferentIds(SampleEvent event) {
        ObjectNode first = CATALOG.render(event);
        ObjectNode second = CATALOG.render(event);

        assertThat(first).isNotEqualTo(second);
        if (event.idPath() != null) {
            assertThat(DottedPath.text(first, event.idPath())).isPresent().isNotEqualTo(DottedPath.text(second, event.idPath()));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("allEvents")
    void declaredPathsPointIntoTheEnvelope(SampleEvent event) {
        ObjectNode rendered = CATALOG.render(event);

        if (event.typePath() != null) {
            assertThat(DottedPath.text(rendered, event.typePath())).contains(event.eventType());
        }
        if (event.dataPath() != null) {
            assertThat(DottedPath.get(rendered, event.dataPath())).get().matches(JsonNode::isObject);
        }
    }

    @Test
    void envelopesHaveEachProvidersExactTopLevelFields() {
        Map<String, Set<String>> expected = new LinkedHashMap<>();
        expected.put("paismo", Set.of("id", "event_type", "event_id", "timestamp", "data"));
        expected.put("paxos", Set.of("id", "type", "source", "time", "object"));
        expected.put("keypay", Set.of("Id", "Attempt", "Properties", "Notifications"));
        expected.put("paycor", Set.of("Id", "Attempt", "Properties", "Notifications"));
        expected.forEach((folder, fields) -> {
            for (SampleEvent event : CATALOG.events(folder)) {
                assertThat(fieldNames(CATALOG.render(event))).as(event.toString()).isEqualTo(new TreeSet<>(fields));
            }
        });
    }

    @Test
    void keypayDeletionEventsCarryOnlyTheIdOfWhatWasDeleted() {
        Map<String, String> deletions = Map.of("PayRunDeleted", "PayRunId", "BankAccountDeleted", "BankAccountId",
                "EmployeeRecurringDeductionDeleted", "EmployeeRecurringDeductionId");
        assertThat(CATALOG.events("keypay")).extracting(SampleEvent::eventType).filteredOn(t -> t.endsWith("Deleted"))
                .containsExactlyInAnyOrderElementsOf(deletions.keySet());
        deletions.forEach((type, id) -> {
            JsonNode notification = CATALOG.render(CATALOG.find("keypay", type).orElseThrow()).at("/Notifications/0");
            assertThat(fieldNames(notification)).as(type).containsExactlyInAnyOrder("Action", id);
            assertThat(notification.get(id).isIntegralNumber()).as(type + " " + id).isTrue();
        });
    }

    @Test
    void seedEnvelopeValuesFollowTheProviderFormats() {
        for (SampleEvent event : CATALOG.events("paismo")) {
            ObjectNode e = CATALOG.render(event);
            assertThat(e.get("timestamp").textValue()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
        }
        for (SampleEvent event : CATALOG.events("paxos")) {
            ObjectNode e = CATALOG.render(event);
            assertThat(e.get("source").textValue()).isEqualTo("com.paxos");
            assertThat(e.get("object").textValue()).isEqualTo("event");
            assertThat(e.get("time").textValue()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
        }
        for (String folder : List.of("keypay", "paycor")) {
            for (SampleEvent event : CATALOG.events(folder)) {
                ObjectNode e = CATALOG.render(event);
                assertThat(e.get("Id").textValue()).matches("[0-9a-f]{32}");
                assertThat(e.get("Attempt").intValue()).isEqualTo(1);
                assertThat(e.get("Notifications")).hasSize(1);
            }
        }
        assertThat(CATALOG.render(CATALOG.find("paismo", "payroll.approved").orElseThrow()).at("/data/is_approved").booleanValue()).isTrue();
        assertThat(CATALOG.render(CATALOG.find("paismo", "payroll.closed").orElseThrow()).at("/data/is_closed").booleanValue()).isTrue();
        ObjectNode updated = CATALOG.render(CATALOG.find("paismo", "employee.updated").orElseThrow());
        for (JsonNode field : updated.at("/data/changed_fields")) {
            assertThat(updated.at("/data/changes/" + field.textValue()).has("old_value")).isTrue();
            assertThat(updated.at("/data/changes/" + field.textValue()).has("new_value")).isTrue();
        }
        ObjectNode payslip = CATALOG.render(CATALOG.find("teal", "user-payroll-submitted").orElseThrow());
        assertThat(payslip.at("/data/account_id").isNull()).isTrue();
        assertThat(payslip.at("/data/document_external_id").isTextual()).isTrue();
        assertThat(payslip.at("/data/document_filename").isTextual()).isTrue();
        ObjectNode stripe = CATALOG.render(CATALOG.find("stripe", "invoice.paid").orElseThrow());
        assertThat(stripe.get("id").textValue()).matches("evt_[A-Za-z0-9]{24}");
        assertThat(stripe.get("created").isIntegralNumber()).isTrue();
    }
}
