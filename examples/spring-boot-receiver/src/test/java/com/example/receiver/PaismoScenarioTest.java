package com.example.receiver;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hooks.Hooks;
import dev.hooks.PlayResult;
import dev.hooks.scenario.Played;
import dev.hooks.scenario.Scenario;
import java.net.URI;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * A recorded Paismo scenario played against the running app: an employee created, updated twice and terminated,
 * then the first update redelivered; in a shuffled order, with every delivery also sent twice.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "paismo.webhook-secret=" + PaismoScenarioTest.SECRET)
class PaismoScenarioTest {
    static final String SECRET = "paismo-scenario-signing-secret";

    @Value("${local.server.port}")
    int port;

    @Autowired
    PaismoEvents events;

    @Test
    void keepsEachEventOnceWhateverTheOrderAndRedeliveries() {
        Scenario lifecycle = Scenario.load(Path.of("../../scenarios/paismo-employee-lifecycle.json"));

        PlayResult result = Hooks.play(lifecycle).secret("paismo", SECRET).shuffle(42).duplicate(1)
                .to(URI.create("http://127.0.0.1:" + port + "/webhooks/paismo"));

        assertThat(result.allDelivered()).as("%s", result).isTrue();
        assertThat(result.deliveries()).hasSize(10);
        assertThat(result.deliveries()).filteredOn(Played::duplicate).hasSize(5);
        assertThat(events.all()).extracting(PaismoEvent::eventId).containsExactlyInAnyOrder(
                "evt_emp_created_01", "evt_emp_updated_01", "evt_emp_updated_02", "evt_emp_terminated_01");
    }
}
