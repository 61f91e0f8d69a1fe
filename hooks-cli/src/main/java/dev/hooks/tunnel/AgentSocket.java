package dev.hooks.tunnel;

import java.io.EOFException;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.List;
import org.apache.sshd.agent.SshAgent;
import org.apache.sshd.agent.SshAgentFactory;
import org.apache.sshd.agent.SshAgentServer;
import org.apache.sshd.agent.common.AbstractAgentProxy;
import org.apache.sshd.common.FactoryManager;
import org.apache.sshd.common.channel.ChannelFactory;
import org.apache.sshd.common.session.ConnectionService;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.util.buffer.Buffer;
import org.apache.sshd.common.util.buffer.ByteArrayBuffer;

/**
 * The SSH agent at {@code SSH_AUTH_SOCK}, reached over its Unix domain socket with the JDK's own support (Java 16+),
 * so that keys held by the agent sign the tunnel's authentication without native libraries. One request per
 * connection; answers are bounded in size.
 */
final class AgentSocket extends AbstractAgentProxy {
    private static final int MAX_ANSWER = 256 * 1024;
    private final Path socket;

    private AgentSocket(Path socket) {
        super(null);
        this.socket = socket;
    }

    /** A factory handing MINA SSHD clients of the agent at {@code socket}; it offers no agent forwarding. */
    static SshAgentFactory factory(Path socket) {
        return new SshAgentFactory() {
            @Override
            public List<ChannelFactory> getChannelForwardingFactories(FactoryManager manager) {
                return List.of();
            }

            @Override
            public SshAgent createClient(Session session, FactoryManager manager) {
                return new AgentSocket(socket);
            }

            @Override
            public SshAgentServer createServer(ConnectionService service) throws IOException {
                throw new IOException("hooks does not forward the SSH agent");
            }
        };
    }

    @Override
    public boolean isOpen() {
        return true; // each request opens its own connection
    }

    @Override
    protected synchronized Buffer request(Buffer buffer) throws IOException {
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            channel.connect(UnixDomainSocketAddress.of(socket));
            ByteBuffer out = ByteBuffer.wrap(buffer.array(), buffer.rpos(), buffer.available());
            while (out.hasRemaining()) {
                channel.write(out);
            }
            int length = read(channel, 4).getInt();
            if (length < 1 || length > MAX_ANSWER) {
                throw new IOException("the SSH agent at " + socket + " answered " + length + " bytes");
            }
            return new ByteArrayBuffer(read(channel, length).array());
        }
    }

    private static ByteBuffer read(SocketChannel channel, int n) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(n);
        while (b.hasRemaining()) {
            if (channel.read(b) < 0) {
                throw new EOFException("the SSH agent closed the connection");
            }
        }
        return b.flip();
    }
}
