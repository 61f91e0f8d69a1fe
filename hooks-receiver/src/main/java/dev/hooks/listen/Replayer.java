package dev.hooks.listen;

import dev.hooks.store.StoredDelivery;

/**
 * Sends a stored delivery again: what the inspector's replay button and {@code r} in {@code hooks listen} call.
 *
 * <p>An implementation sends the recorded method, headers and body (or {@code editedBody}) to {@code to}, or to
 * {@link #defaultTarget()} when {@code to} is null, re-signs with the provider's secret when {@code resign} is set,
 * and records what it sent in the history as a delivery of kind {@code replay} whose {@code replayOf} is the
 * original's id. It never throws for a failed send: the failure is in the result. Secrets it holds never appear in
 * the result.
 */
public interface Replayer {

    /**
     * Sends {@code original} again.
     *
     * @param to         the URL to send to, or null for {@link #defaultTarget()}
     * @param editedBody the body to send instead of the recorded one, or null
     * @param resign     compute fresh signature headers (and a fresh timestamp) for the body sent
     * @throws IllegalArgumentException when {@code to} is null and there is no default target, {@code to} is not an
     *                                  http(s) URL, or re-signing is asked for but not possible; the message says why
     */
    ReplayResult replay(StoredDelivery original, String to, byte[] editedBody, boolean resign);

    /** Where a replay goes when no URL is given: the listener's forward target, or null when it has none. */
    String defaultTarget();

    /** Whether {@code replay(..., resign=true)} can work for this provider (the secret is known). */
    boolean canResign(String provider);

    /**
     * What a replay did.
     *
     * @param to           the URL it was sent to
     * @param status       the HTTP status answered, or null when there was no answer
     * @param error        why there was no answer (connection refused, timeout), or null
     * @param latencyMillis time from sending to the answer
     * @param replayId     the id of the replay as recorded in the history, or null when it was not recorded
     * @param resigned     whether fresh signature headers were sent
     */
    record ReplayResult(String to, Integer status, String error, long latencyMillis, String replayId, boolean resigned) {
        public boolean ok() {
            return status != null && status >= 200 && status < 300;
        }
    }
}
