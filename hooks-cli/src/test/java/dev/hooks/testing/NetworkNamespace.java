package dev.hooks.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Another machine for a test: a network namespace of its own joined to this one by a veth pair, with a /30 of
 * 10.x.y.0 on it (this side .1, the other .2). Names carry the pid and a random suffix, so runs never collide; closing
 * deletes the namespace, which takes the pair with it. Needs root and {@code ip} (iproute2): {@link #create} skips
 * the test (or fails it under HOOKS_STRICT_TESTS) otherwise.
 */
public final class NetworkNamespace implements AutoCloseable {
    private final String name;
    private final String hostSide;
    private final String hostAddress;
    private final String otherAddress;

    private NetworkNamespace(String name, String hostSide, String hostAddress, String otherAddress) {
        this.name = name;
        this.hostSide = hostSide;
        this.hostAddress = hostAddress;
        this.otherAddress = otherAddress;
    }

    public static NetworkNamespace create() {
        Requirements.command("ip", "apt-get install iproute2");
        Requirements.require("0".equals(run(List.of("id", "-u")).strip()), "root, to create a network namespace");
        ThreadLocalRandom r = ThreadLocalRandom.current();
        String suffix = Long.toString(ProcessHandle.current().pid() % 100_000, 36) + Integer.toString(r.nextInt(36 * 36), 36);
        String name = "hooks-" + suffix;
        int a = r.nextInt(16, 250);
        int b = r.nextInt(0, 63) * 4;
        String net = "10." + a + "." + b + ".";
        NetworkNamespace ns = new NetworkNamespace(name, "hk" + suffix + "a", net + "1", net + "2");
        String other = "hk" + suffix + "b";
        try {
            ip("netns", "add", name);
            ip("link", "add", ns.hostSide, "type", "veth", "peer", "name", other);
            ip("link", "set", other, "netns", name);
            ip("addr", "add", ns.hostAddress + "/30", "dev", ns.hostSide);
            ip("link", "set", ns.hostSide, "up");
            ip("-n", name, "addr", "add", ns.otherAddress + "/30", "dev", other);
            ip("-n", name, "link", "set", other, "up");
            ip("-n", name, "link", "set", "lo", "up");
        } catch (RuntimeException e) {
            ns.close();
            throw e;
        }
        return ns;
    }

    /** This machine's address on the pair: what the other machine connects to. */
    public String hostAddress() {
        return hostAddress;
    }

    /** The other machine's address. */
    public String otherAddress() {
        return otherAddress;
    }

    /** A process started inside the namespace: {@code ip netns exec NAME command...}. */
    public Process start(List<String> command) throws IOException {
        List<String> all = new ArrayList<>(List.of("ip", "netns", "exec", name));
        all.addAll(command);
        return new ProcessBuilder(all).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }

    @Override
    public void close() {
        try {
            ip("netns", "del", name);
        } catch (RuntimeException ignored) {
            // not created
        }
        try {
            ip("link", "del", hostSide);
        } catch (RuntimeException ignored) {
            // gone with the namespace
        }
    }

    private static void ip(String... args) {
        List<String> all = new ArrayList<>(List.of("ip"));
        all.addAll(List.of(args));
        run(all);
    }

    private static String run(List<String> command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed: " + out.strip());
            }
            return out;
        } catch (IOException e) {
            throw new IllegalStateException(String.join(" ", command) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
