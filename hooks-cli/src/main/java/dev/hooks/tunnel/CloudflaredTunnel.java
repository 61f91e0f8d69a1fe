package dev.hooks.tunnel;

import dev.hooks.HooksException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Cloudflare quick tunnel: runs {@code cloudflared tunnel --url http://127.0.0.1:PORT} (no account needed), reads
 * the {@code https://….trycloudflare.com} URL it prints, and stops it with the listener. A cloudflared that exits is
 * started again with backoff; its URL then changes, and the new one is reported.
 */
public final class CloudflaredTunnel extends ReconnectingTunnel {
    public static final String INSTALL = "cloudflared is not on the PATH: install it (Debian/Ubuntu: the cloudflared "
            + "package from Cloudflare's apt repository; macOS: brew install cloudflared; others: "
            + "https://developers.cloudflare.com/cloudflare-one/connections/connect-networks/downloads/), "
            + "or use --tunnel ssh://host or --public-url URL";
    private static final Pattern URL = Pattern.compile("https://[A-Za-z0-9-]+\\.trycloudflare\\.com");
    private static final int MAX_LINE = 2000;

    private final Path executable;
    private final int localPort;
    private final Duration timeout;

    /**
     * @param executable cloudflared, as found by {@link #find}
     * @param localPort the listener's tunnel entry on 127.0.0.1
     * @param timeout how long to wait for cloudflared to print its URL
     */
    public CloudflaredTunnel(Path executable, int localPort, Duration timeout, Consumer<TunnelEvent> events) {
        super(events);
        this.executable = executable;
        this.localPort = localPort;
        this.timeout = timeout;
    }

    /**
     * The cloudflared executable on {@code path} (a PATH value).
     *
     * @throws HooksException (exit 2) naming how to install it when there is none
     */
    public static Path find(String path) {
        for (String dir : (path == null ? "" : path).split(java.io.File.pathSeparator)) {
            if (!dir.isEmpty()) {
                Path p = Path.of(dir, "cloudflared");
                if (Files.isExecutable(p) && !Files.isDirectory(p)) {
                    return p;
                }
            }
        }
        throw HooksException.input(INSTALL);
    }

    @Override
    Connection connect() {
        Process p;
        try {
            p = new ProcessBuilder(List.of(executable.toString(), "tunnel", "--no-autoupdate", "--url",
                    "http://127.0.0.1:" + localPort)).redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.PIPE)
                    .start();
        } catch (IOException e) {
            throw HooksException.network("cannot start " + executable + ": " + e.getMessage());
        }
        CompletableFuture<String> url = new CompletableFuture<>();
        CompletableFuture<String> dropped = new CompletableFuture<>();
        Deque<String> tail = new ArrayDeque<>();
        Thread reader = new Thread(() -> read(p, url, tail), "hooks-tunnel-cloudflared");
        reader.setDaemon(true);
        reader.start();
        p.onExit().thenRun(() -> {
            try {
                reader.join(2_000); // its last lines say why it ended
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            String why = "cloudflared exited with status " + p.exitValue() + lastLine(tail);
            url.completeExceptionally(new IllegalStateException(why));
            dropped.complete(why);
        });
        try {
            return new Connection(url.get(timeout.toMillis(), TimeUnit.MILLISECONDS), dropped, () -> stop(p));
        } catch (TimeoutException e) {
            stop(p);
            throw HooksException.network("cannot open the cloudflared tunnel: no trycloudflare.com URL within "
                    + timeout.toSeconds() + " s" + lastLine(tail));
        } catch (InterruptedException e) {
            stop(p);
            Thread.currentThread().interrupt();
            throw HooksException.network("cannot open the cloudflared tunnel: interrupted");
        } catch (java.util.concurrent.ExecutionException e) {
            stop(p);
            throw HooksException.network("cannot open the cloudflared tunnel: " + e.getCause().getMessage());
        }
    }

    private void read(Process p, CompletableFuture<String> url, Deque<String> tail) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                if (line.length() > MAX_LINE) {
                    line = line.substring(0, MAX_LINE);
                }
                synchronized (tail) {
                    tail.addLast(line);
                    if (tail.size() > 5) {
                        tail.removeFirst();
                    }
                }
                Matcher m = URL.matcher(line);
                if (m.find() && !url.complete(m.group()) && !url.isCompletedExceptionally()) {
                    announced(m.group());
                }
            }
        } catch (IOException e) {
            // the process ended
        }
    }

    private static String lastLine(Deque<String> tail) {
        synchronized (tail) {
            for (var it = tail.descendingIterator(); it.hasNext(); ) {
                String l = it.next().strip();
                if (!l.isEmpty() && !l.matches("[\\W_]*")) {
                    return " (its last line: " + l + ")";
                }
            }
        }
        return "";
    }

    private static void stop(Process p) {
        p.destroy();
        try {
            if (!p.waitFor(5, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                p.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
