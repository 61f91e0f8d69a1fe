package dev.hooks.tunnel;

/**
 * A way for the outside world to reach the listener's tunnel entry (a loopback port on which only the receiving
 * plane is served): an SSH reverse port forward or a cloudflared quick tunnel. {@link #open} makes it and returns its
 * public URL; afterwards a dropped tunnel is made again with backoff, reported as {@link TunnelEvent}s.
 */
public interface Tunnel extends AutoCloseable {

    /**
     * Opens the tunnel, waiting until it carries traffic.
     *
     * @return the public base URL (no trailing slash), e.g. {@code https://words.trycloudflare.com}
     * @throws dev.hooks.HooksException exit 3 with the reason when it cannot be opened, exit 2 when it is misconfigured
     */
    String open();

    /** The public base URL now (it may change when the tunnel is made again). */
    String publicUrl();

    /** Closes the tunnel and stops making it again; waits briefly for what it started to end. */
    @Override
    void close();
}
