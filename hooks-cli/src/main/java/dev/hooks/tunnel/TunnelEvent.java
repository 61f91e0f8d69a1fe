package dev.hooks.tunnel;

import java.time.Duration;

/**
 * What a {@link Tunnel} reports while it runs, for the command to render (a line on the terminal, a JSON line with
 * {@code --format json}). Tunnels never print.
 */
public sealed interface TunnelEvent {

    /** The tunnel dropped; it is tried again after {@code retryIn}. */
    record Down(String reason, Duration retryIn) implements TunnelEvent {}

    /** The tunnel is open again (after a {@link Down}, or when the server announces a new URL); its public URL. */
    record Up(String publicUrl) implements TunnelEvent {}

    /** Something the tunnel or its server said that the user should see: a fingerprint accepted, a server's line. */
    record Notice(String text) implements TunnelEvent {}
}
