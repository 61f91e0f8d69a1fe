package dev.hooks.store;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;

/**
 * Run in a separate JVM by {@link DurabilityTest}: appends from several threads until it is killed, and prints
 * {@code ok <id>} once each append's future has completed, i.e. once the store promised the row is durable.
 * Each line goes out in one write(2) so a kill never leaves half a line that looks whole.
 */
public final class KilledAppender {
    private static final OutputStream OUT = new FileOutputStream(FileDescriptor.out);

    private KilledAppender() {
    }

    public static void main(String[] args) throws Exception {
        DeliveryStore store = DeliveryStore.open(Path.of(args[0]));
        int threads = Integer.parseInt(args[1]);
        for (int t = 0; t < threads; t++) {
            int thread = t;
            Thread worker = new Thread(() -> appendForever(store, thread));
            worker.start();
        }
    }

    private static void appendForever(DeliveryStore store, int thread) {
        Random random = new Random(thread);
        for (long n = 0; ; n++) {
            List<CompletableFuture<StoredDelivery>> burst = new ArrayList<>();
            for (int i = 0; i < 1 + random.nextInt(8); i++) {
                byte[] body = new byte[random.nextInt(16_384)];
                random.nextBytes(body);
                burst.add(store.append(StoredDelivery.builder()
                        .receivedAt(Instant.now())
                        .provider("paismo")
                        .header("X-Thread", Integer.toString(thread))
                        .body(body)
                        .eventType("employee.created")
                        .eventId("t" + thread + "-" + n + "-" + i)
                        .status(200)
                        .build()));
            }
            for (CompletableFuture<StoredDelivery> f : burst) {
                print("ok " + f.join().id() + "\n");
            }
        }
    }

    private static void print(String line) {
        byte[] bytes = line.getBytes(StandardCharsets.US_ASCII);
        synchronized (OUT) {
            try {
                OUT.write(bytes);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
