package dev.hooks.cli;

import dev.hooks.HooksException;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;

/** Checks {@code --host} and {@code --port} before a server is started, so a mistake is named as what it is. */
final class BindAddress {
    private BindAddress() {}

    /** Usage errors (exit 2) for a port outside 0-65535, a host that does not resolve or is not this machine's. */
    static void check(String host, int port) {
        if (port < 0 || port > 65535) {
            throw HooksException.input("--port " + port + " is not a TCP port: use 1-65535, or 0 to pick a free one");
        }
        InetAddress address;
        try {
            address = InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            throw HooksException.input("--host " + host + " is neither an IP address nor a host name that resolves");
        }
        if (!address.isAnyLocalAddress() && !address.isLoopbackAddress() && !local(address)) {
            throw HooksException.input("--host " + host + " (" + address.getHostAddress()
                    + ") is not an address of this machine: use 127.0.0.1, or 0.0.0.0 for every interface");
        }
    }

    private static boolean local(InetAddress address) {
        try {
            return NetworkInterface.getByInetAddress(address) != null;
        } catch (SocketException e) {
            return true; // cannot tell: let binding say
        }
    }
}
