package org.asyncio4j.internal.net;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.asyncio4j.EventLoop;

/**
 * Name resolution: asyncio's {@code getaddrinfo}. Numeric addresses are parsed on the spot; names are
 * looked up in the loop's default executor, because the JDK's resolver blocks.
 */
public final class Resolver {
    private Resolver() {}

    /**
     * The addresses of {@code host} with {@code port}, in the resolver's order, without duplicates.
     * Suspends while a name is looked up.
     *
     * @throws java.net.UnknownHostException if the name does not resolve
     */
    public static List<InetSocketAddress> getaddrinfo(EventLoop loop, String host, int port) throws IOException {
        java.util.Objects.requireNonNull(host, "host");
        if (port < 0 || port > 0xFFFF) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        InetAddress literal = parseLiteral(host);
        if (literal != null) {
            return List.of(new InetSocketAddress(literal, port));
        }
        InetAddress[] all = IoAwait.await(loop.runInExecutor(null, () -> InetAddress.getAllByName(host)));
        Set<InetAddress> unique = new LinkedHashSet<>(List.of(all));
        List<InetSocketAddress> out = new ArrayList<>(unique.size());
        for (InetAddress a : unique) {
            out.add(new InetSocketAddress(a, port));
        }
        return out;
    }

    /** The address written in {@code host} (IPv4 dotted or IPv6, brackets allowed), or null for a name. */
    static InetAddress parseLiteral(String host) {
        String h = host.length() > 1 && host.charAt(0) == '[' && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        try {
            return InetAddress.ofLiteral(h);
        } catch (IllegalArgumentException notALiteral) {
            return null;
        }
    }
}
