package org.lmsharness.toxiproxy.proxy;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/**
 * A {@code host:port} as Toxiproxy (Go) reads and prints it: {@code [v6]:port}, an empty host or
 * 0.0.0.0 or :: for every interface (printed {@code [::]:port}, as Go's dual-stack listener is), a
 * name resolved to its first IPv4 address ({@code localhost:3310} is {@code 127.0.0.1:3310}).
 */
public record HostPort(String host, int port) {

    /** Parses and resolves; the message of the exception is worded as Go's. */
    public static InetSocketAddress resolve(String address) throws IllegalArgumentException {
        HostPort hp = parse(address);
        if (hp.host.isEmpty() || hp.host.equals("0.0.0.0") || hp.host.equals("::")) return new InetSocketAddress(hp.port);
        try {
            InetAddress[] all = InetAddress.getAllByName(hp.host);
            InetAddress chosen = Arrays.stream(all).filter(a -> a instanceof Inet4Address).findFirst().orElse(all[0]);
            return new InetSocketAddress(chosen, hp.port);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("lookup " + hp.host + ": no such host");
        }
    }

    static HostPort parse(String address) {
        if (address.isEmpty()) return new HostPort("", 0);
        int colon = address.lastIndexOf(':');
        if (colon < 0) throw new IllegalArgumentException("address " + address + ": missing port in address");
        String host = address.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) host = host.substring(1, host.length() - 1);
        else if (host.contains(":")) throw new IllegalArgumentException("address " + address + ": too many colons in address");
        String port = address.substring(colon + 1);
        try {
            int number = Integer.parseInt(port);
            if (number < 0 || number > 65535) throw new NumberFormatException();
            return new HostPort(host, number);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("address " + address + ": invalid port");
        }
    }

    /** A bound or resolved address printed as Go prints it. */
    public static String format(InetSocketAddress address) {
        InetAddress ip = address.getAddress();
        if (ip == null || ip.isAnyLocalAddress()) return "[::]:" + address.getPort();
        if (ip instanceof Inet6Address) return "[" + compress(ip.getHostAddress()) + "]:" + address.getPort();
        return ip.getHostAddress() + ":" + address.getPort();
    }

    /** {@code 0:0:0:0:0:0:0:1} as {@code ::1}: the longest run of zero groups folded. */
    private static String compress(String full) {
        String plain = full.contains("%") ? full.substring(0, full.indexOf('%')) : full;
        String[] groups = plain.split(":");
        int bestStart = -1, bestLength = 0;
        for (int i = 0; i < groups.length; ) {
            if (!groups[i].equals("0")) {
                i++;
                continue;
            }
            int j = i;
            while (j < groups.length && groups[j].equals("0")) j++;
            if (j - i > bestLength && j - i > 1) {
                bestStart = i;
                bestLength = j - i;
            }
            i = j;
        }
        if (bestStart < 0) return plain;
        String left = String.join(":", Arrays.copyOfRange(groups, 0, bestStart));
        String right = String.join(":", Arrays.copyOfRange(groups, bestStart + bestLength, groups.length));
        return left + "::" + right;
    }
}
