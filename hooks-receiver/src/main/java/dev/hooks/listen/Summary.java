package dev.hooks.listen;

/**
 * Counts over a listener's life.
 *
 * @param received every request that reached the listener
 * @param verified requests whose signature or credentials checked out
 * @param rejected requests the listener refused (4xx, 5xx of its own; not simulated failures or the app's answers)
 * @param forwarded requests relayed to {@code --forward-to}
 * @param failed simulated failures answered
 * @param stored requests committed to the history
 */
public record Summary(long received, long verified, long rejected, long forwarded, long failed, long stored) {}
