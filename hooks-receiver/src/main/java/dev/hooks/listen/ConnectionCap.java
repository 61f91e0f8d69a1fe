package dev.hooks.listen;

import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.io.Connection;

/**
 * Keeps connections from other machines from taking the file descriptors the listener needs for this machine's:
 * at most {@link #perAddress} connections open at once from one remote address, and at most {@link #remoteTotal}
 * from all addresses other than loopback. A connection over either is closed as soon as it is accepted, so it holds
 * a descriptor for no time. Connections from loopback (local senders, the inspector, a tunnel's) are never refused
 * here: the room they need is what the remote total leaves of the process's descriptor limit. A connection that
 * sends no request line is closed by {@link RequestDeadline} within the idle timeout, as one that stalls in its
 * headers is.
 */
final class ConnectionCap implements Connection.Listener {
    /** Descriptors kept for loopback and the process itself: a quarter of the limit, and at least this many. */
    static final int RESERVED = 256;
    /** The most connections one remote address keeps open, whatever the limit. */
    static final int PER_ADDRESS = 256;

    final int perAddress;
    final int remoteTotal;
    private final AtomicInteger remote = new AtomicInteger();
    private final Map<InetAddress, Integer> byAddress = new ConcurrentHashMap<>();
    private final Map<Connection, InetAddress> counted = new ConcurrentHashMap<>();

    ConnectionCap(int perAddress, int remoteTotal) {
        this.perAddress = perAddress;
        this.remoteTotal = remoteTotal;
    }

    /** The caps for this process's descriptor limit. */
    static ConnectionCap forThisProcess() {
        long limit = descriptorLimit();
        long reserved = Math.max(RESERVED, limit / 4);
        int total = (int) Math.max(16, Math.min(Integer.MAX_VALUE, limit - reserved));
        return new ConnectionCap(Math.min(PER_ADDRESS, total), total);
    }

    /** The process's limit on open file descriptors, or a cautious guess where the platform does not say. */
    static long descriptorLimit() {
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
            long max = unix.getMaxFileDescriptorCount();
            if (max > 0) {
                return max;
            }
        }
        return 4096;
    }

    @Override
    public void onOpened(Connection connection) {
        InetAddress address = remoteAddress(connection);
        if (address == null || address.isLoopbackAddress()) {
            return;
        }
        counted.put(connection, address);
        int all = remote.incrementAndGet();
        int mine = byAddress.compute(address, (a, n) -> n == null ? 1 : n + 1);
        if (all > remoteTotal || mine > perAddress) {
            connection.getEndPoint().close();
        }
    }

    @Override
    public void onClosed(Connection connection) {
        InetAddress address = counted.remove(connection);
        if (address == null) {
            return;
        }
        remote.decrementAndGet();
        byAddress.compute(address, (a, n) -> n == null || n <= 1 ? null : n - 1);
    }

    private static InetAddress remoteAddress(Connection connection) {
        SocketAddress a = connection.getEndPoint().getRemoteSocketAddress();
        return a instanceof InetSocketAddress i ? i.getAddress() : null;
    }
}
