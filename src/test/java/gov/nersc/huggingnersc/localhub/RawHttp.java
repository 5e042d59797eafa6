package gov.nersc.huggingnersc.localhub;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * HTTP/1.1 requests as raw bytes over a socket, for requests no HTTP client would send: malformed
 * percent-encoding, broken request lines, bodies that contradict their content type.
 */
final class RawHttp {
    private RawHttp() {}

    /** A status (or -1 when the server hung up without one) and the whole answer as text. */
    record Answer(int status, String text) {
        /** The value of a response header, or null. */
        String header(String name) {
            for (String line : text.split("\r\n")) {
                if (line.isEmpty()) {
                    break;
                }
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).equalsIgnoreCase(name)) {
                    return line.substring(colon + 1).strip();
                }
            }
            return null;
        }
    }

    /** The bytes of one request; {@code token}, {@code type} and {@code range} may be null. */
    static byte[] request(String method, String path, String token, String type, byte[] body, String range) {
        StringBuilder h = new StringBuilder(method)
                .append(' ')
                .append(path)
                .append(" HTTP/1.1\r\n")
                .append("Host: 127.0.0.1\r\nConnection: close\r\n");
        if (token != null) {
            h.append("Authorization: Bearer ").append(token).append("\r\n");
        }
        if (type != null) {
            h.append("Content-Type: ").append(type).append("\r\n");
        }
        if (range != null) {
            h.append("Range: ").append(range).append("\r\n");
        }
        if (body.length > 0 || !method.equals("GET") && !method.equals("HEAD")) {
            h.append("Content-Length: ").append(body.length).append("\r\n");
        }
        h.append("\r\n");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(h.toString().getBytes(StandardCharsets.UTF_8));
        out.writeBytes(body);
        return out.toByteArray();
    }

    /** Sends a request to the server at {@code url} and reads the answer to the end. */
    static Answer send(String url, byte[] request) throws IOException {
        URI u = URI.create(url);
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(u.getHost(), u.getPort()));
            // a guard against a hang, not a timed assertion: a stalled answer fails the run loudly
            socket.setSoTimeout(120_000);
            OutputStream out = socket.getOutputStream();
            try {
                out.write(request);
                out.flush();
                socket.shutdownOutput();
            } catch (IOException refusedEarly) {
                // the server may answer (413, 400) and close before reading the whole body
            }
            InputStream in = socket.getInputStream();
            byte[] answer;
            try {
                answer = in.readAllBytes();
            } catch (java.net.SocketException reset) {
                return new Answer(-1, reset.toString());
            }
            String text = new String(answer, StandardCharsets.ISO_8859_1);
            if (!text.startsWith("HTTP/1.1 ") || text.length() < 12) {
                return new Answer(-1, text);
            }
            return new Answer(Integer.parseInt(text.substring(9, 12)), text);
        }
    }
}
