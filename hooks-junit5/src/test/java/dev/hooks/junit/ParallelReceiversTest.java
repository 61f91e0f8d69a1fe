package dev.hooks.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.hooks.Hooks;
import dev.hooks.SendResult;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

/**
 * Test classes and methods run in parallel each get their own receivers: four classes, run concurrently through
 * EngineTestKit, each with a receiver per class and one per test, all sending and awaiting at the same time.
 */
class ParallelReceiversTest {
    static final int CLASSES = 4;
    static final int TESTS_PER_CLASS = 2;
    /** Every test of every class waits here until all of them are running, so they truly overlap. */
    static volatile CountDownLatch allRunning;
    /** What each test saw: its class, its receivers' ports, and the markers of the deliveries they received. */
    static final Queue<Seen> SEEN = new ConcurrentLinkedQueue<>();

    record Seen(String test, int classPort, int testPort, List<String> classMarkers, List<String> testMarkers) {}

    @Test
    void parallelClassesAndMethodsEachGetTheirOwnReceiver() {
        allRunning = new CountDownLatch(CLASSES * TESTS_PER_CLASS);
        SEEN.clear();
        EngineExecutionResults results = EngineTestKit.engine("junit-jupiter")
                .configurationParameter(OnlyInTestKit.PARAMETER, "true")
                .configurationParameter("junit.jupiter.execution.parallel.enabled", "true")
                .configurationParameter("junit.jupiter.execution.parallel.mode.default", "concurrent")
                .configurationParameter("junit.jupiter.execution.parallel.mode.classes.default", "concurrent")
                .configurationParameter("junit.jupiter.execution.parallel.config.strategy", "fixed")
                .configurationParameter("junit.jupiter.execution.parallel.config.fixed.parallelism", String.valueOf(CLASSES * TESTS_PER_CLASS))
                .configurationParameter("junit.jupiter.execution.parallel.config.fixed.max-pool-size", String.valueOf(CLASSES * TESTS_PER_CLASS + 4))
                .selectors(selectClass(A.class), selectClass(B.class), selectClass(C.class), selectClass(D.class))
                .execute();

        results.testEvents().assertStatistics(s -> s.started(CLASSES * TESTS_PER_CLASS).succeeded(CLASSES * TESTS_PER_CLASS));
        assertThat(SEEN).hasSize(CLASSES * TESTS_PER_CLASS);

        Map<String, Integer> classPorts = new ConcurrentHashMap<>();
        for (Seen s : SEEN) {
            String cls = s.test().substring(0, s.test().indexOf('.'));
            // both tests of a class share its static receiver, and no other class has it
            assertThat(classPorts.computeIfAbsent(cls, k -> s.classPort())).isEqualTo(s.classPort());
            // no cross-talk: each receiver holds exactly what was sent to it
            assertThat(s.testMarkers()).containsExactly(s.test());
            assertThat(s.classMarkers()).contains(s.test()).allMatch(m -> m.startsWith(cls + "."));
        }
        assertThat(classPorts.values()).doesNotHaveDuplicates().hasSize(CLASSES);
        List<Integer> testPorts = SEEN.stream().map(Seen::testPort).toList();
        assertThat(testPorts).doesNotHaveDuplicates().doesNotContainAnyElementsOf(classPorts.values());
    }

    /** The tests of each class: send to the class's receiver and the test's own, concurrently with every other test. */
    @ExtendWith(HooksExtension.class)
    abstract static class Sending {
        static final Duration WAIT = Duration.ofSeconds(20);

        @Receive(provider = "paismo", secret = Secrets.PAISMO)
        HooksReceiver perTest;

        abstract HooksReceiver perClass();

        @Test
        void one() throws Exception {
            run("one");
        }

        @Test
        void two() throws Exception {
            run("two");
        }

        void run(String name) throws InterruptedException {
            String test = getClass().getSimpleName() + "." + name;
            allRunning.countDown();
            assertThat(allRunning.await(30, TimeUnit.SECONDS)).as("all tests running at once").isTrue();
            SendResult toTest = Hooks.send("employee.updated").provider("paismo").secret(Secrets.PAISMO)
                    .set("data.marker", test).to(perTest.url());
            SendResult toClass = Hooks.send("employee.updated").provider("paismo").secret(Secrets.PAISMO)
                    .set("data.marker", test).to(perClass().url());
            assertThat(toTest.status()).isEqualTo(200);
            assertThat(toClass.status()).isEqualTo(200);
            ReceivedDelivery mine = perTest.awaitDelivery(WAIT);
            assertThat(mine.verified()).isTrue();
            // the class's receiver gets one delivery from each of the class's tests: wait for both, in any order
            List<ReceivedDelivery> classDeliveries = awaitAll(perClass(), TESTS_PER_CLASS);
            SEEN.add(new Seen(test, perClass().port(), perTest.port(), markers(classDeliveries),
                    markers(perTest.deliveries())));
        }

        private static List<ReceivedDelivery> awaitAll(HooksReceiver r, int n) throws InterruptedException {
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (r.deliveries().size() < n && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            return r.deliveries();
        }

        private static List<String> markers(List<ReceivedDelivery> ds) {
            return ds.stream().map(d -> {
                String text = d.plaintextText();
                int at = text.indexOf("\"marker\":\"") + 10;
                return text.substring(at, text.indexOf('"', at));
            }).toList();
        }
    }

    @OnlyInTestKit
    static class A extends Sending {
        @Receive(provider = "paismo", secret = Secrets.PAISMO)
        static HooksReceiver shared;

        @Override
        HooksReceiver perClass() {
            return shared;
        }
    }

    @OnlyInTestKit
    static class B extends Sending {
        @Receive(provider = "paismo", secret = Secrets.PAISMO)
        static HooksReceiver shared;

        @Override
        HooksReceiver perClass() {
            return shared;
        }
    }

    @OnlyInTestKit
    static class C extends Sending {
        @Receive(provider = "paismo", secret = Secrets.PAISMO)
        static HooksReceiver shared;

        @Override
        HooksReceiver perClass() {
            return shared;
        }
    }

    @OnlyInTestKit
    static class D extends Sending {
        @Receive(provider = "paismo", secret = Secrets.PAISMO)
        static HooksReceiver shared;

        @Override
        HooksReceiver perClass() {
            return shared;
        }
    }
}
