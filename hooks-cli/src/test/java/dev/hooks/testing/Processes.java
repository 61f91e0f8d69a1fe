package dev.hooks.testing;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

/** Ending the helper processes tests start (receivers, signers) the way they ask to be ended. */
public final class Processes {
    private Processes() {}

    /** Closes the process's stdin (the test helpers exit on that), then ends it if it has not ended in 3 s. */
    public static void stop(Process process) {
        try {
            process.getOutputStream().close();
            if (!process.waitFor(3, TimeUnit.SECONDS)) {
                process.destroy();
                if (!process.waitFor(3, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            }
        } catch (IOException e) {
            process.destroyForcibly();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
