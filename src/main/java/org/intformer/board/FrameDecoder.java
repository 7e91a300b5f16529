package org.intformer.board;

import java.util.ArrayList;
import java.util.List;

/**
 * Decodes a byte stream into {@link Frame}s, incrementally (bytes may arrive in any chunks). A byte outside a
 * frame that is not the magic, or a frame whose CRC does not match, is a {@link ProtocolException}; the decoder
 * is then back to waiting for a magic byte, so the next good frame decodes.
 */
public final class FrameDecoder {
    private final byte[] header = new byte[3];
    private int pos;            // bytes of the current frame received, magic included; 0: waiting for the magic
    private byte[] body;        // type, length, payload, CRC
    private int bodyLen;

    /** Feeds {@code n} bytes from {@code data}; returns the frames completed by them, in order. */
    public List<Frame> feed(byte[] data, int from, int n) {
        List<Frame> frames = new ArrayList<>();
        for (int i = from; i < from + n; i++) {
            Frame f = feed(data[i]);
            if (f != null) {
                frames.add(f);
            }
        }
        return frames;
    }

    public List<Frame> feed(byte[] data) {
        return feed(data, 0, data.length);
    }

    /** Feeds one byte; returns the frame it completes, or null. */
    public Frame feed(byte b) {
        int v = b & 0xFF;
        if (pos == 0) {
            if (v != Frame.MAGIC) {
                throw new ProtocolException(String.format("unexpected byte 0x%02x outside a frame (expected the magic 0xa5)", v));
            }
            pos = 1;
            return null;
        }
        if (pos < 4) {
            header[pos - 1] = b;
            pos++;
            if (pos == 4) {
                int len = (header[1] & 0xFF) | (header[2] & 0xFF) << 8;
                bodyLen = len + 5;
                body = new byte[bodyLen];
                System.arraycopy(header, 0, body, 0, 3);
            }
            return null;
        }
        body[pos - 1] = b;
        pos++;
        if (pos - 1 < bodyLen) {
            return null;
        }
        pos = 0;
        int len = bodyLen - 5;
        int crc = (body[bodyLen - 2] & 0xFF) | (body[bodyLen - 1] & 0xFF) << 8;
        int expected = Crc16.of(body, 0, len + 3);
        if (crc != expected) {
            throw new ProtocolException(String.format("frame of type 0x%02x: CRC 0x%04x, expected 0x%04x",
                    body[0] & 0xFF, crc, expected));
        }
        byte[] payload = new byte[len];
        System.arraycopy(body, 3, payload, 0, len);
        return new Frame(body[0] & 0xFF, payload);
    }

    /** Whether a frame has started and not ended. */
    public boolean inFrame() {
        return pos != 0;
    }
}
