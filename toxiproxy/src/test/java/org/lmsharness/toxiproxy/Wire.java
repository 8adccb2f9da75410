package org.lmsharness.toxiproxy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Client-side socket measurements over loopback: round trips, reads until EOF, read sizes. */
final class Wire {

    private Wire() {
    }

    static Socket connect(int port) throws IOException {
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), port);
        socket.setTcpNoDelay(true);
        socket.setSoTimeout(10_000);
        return socket;
    }

    /** Milliseconds to send {@code size} bytes to an echo and read them all back. */
    static double roundTripMillis(Socket socket, int size) throws IOException {
        byte[] payload = new byte[size];
        Arrays.fill(payload, (byte) 'x');
        long start = System.nanoTime();
        socket.getOutputStream().write(payload);
        socket.getOutputStream().flush();
        readExactly(socket.getInputStream(), size);
        return (System.nanoTime() - start) / 1e6;
    }

    /** Round trips of 100 bytes, each on the same connection, in milliseconds. */
    static List<Double> roundTrips(Socket socket, int count) throws IOException {
        List<Double> millis = new ArrayList<>();
        for (int i = 0; i < count; i++) millis.add(roundTripMillis(socket, 100));
        return millis;
    }

    static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(null);
        return sorted.get(sorted.size() / 2);
    }

    static byte[] readExactly(InputStream in, int size) throws IOException {
        byte[] data = in.readNBytes(size);
        if (data.length < size) throw new IOException("EOF after " + data.length + " of " + size + " bytes");
        return data;
    }

    /** Everything until EOF (bounded by the socket's read timeout). */
    static byte[] readToEnd(Socket socket) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        socket.getInputStream().transferTo(all);
        return all.toByteArray();
    }

    /** Whether the socket is still open and silent for {@code millis}: no data, no EOF. */
    static boolean silentFor(Socket socket, int millis) throws IOException {
        int before = socket.getSoTimeout();
        socket.setSoTimeout(millis);
        try {
            return socket.getInputStream().read() == -2; // never: a byte or EOF both mean "not silent"
        } catch (SocketTimeoutException timeout) {
            return true;
        } finally {
            socket.setSoTimeout(before);
        }
    }

    /** Sizes of successive reads until {@code total} bytes came. */
    static List<Integer> readSizes(Socket socket, int total) throws IOException {
        List<Integer> sizes = new ArrayList<>();
        byte[] buffer = new byte[64 * 1024];
        int got = 0;
        while (got < total) {
            int n = socket.getInputStream().read(buffer);
            if (n < 0) throw new IOException("EOF after " + got + " of " + total + " bytes");
            sizes.add(n);
            got += n;
        }
        return sizes;
    }
}
