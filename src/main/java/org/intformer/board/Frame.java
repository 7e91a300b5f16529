package org.intformer.board;

import java.util.Arrays;

/**
 * One message of the serial protocol: a type code and a payload. On the wire (docs/BOARD.md):
 * {@code A5 | type | length (u16 LE) | payload | CRC-16 (u16 LE) over type, length and payload}.
 *
 * @param type    type code (0-255); {@link FrameType} names the defined ones
 * @param payload payload bytes, at most {@link #MAX_PAYLOAD}
 */
public record Frame(int type, byte[] payload) {
    public static final int MAGIC = 0xA5;
    public static final int MAX_PAYLOAD = 0xFFFF;
    /** Magic, type, two length bytes, two CRC bytes. */
    public static final int OVERHEAD = 6;

    public Frame {
        if (type < 0 || type > 0xFF) {
            throw new IllegalArgumentException("frame type " + type + " is not a byte");
        }
        if (payload.length > MAX_PAYLOAD) {
            throw new IllegalArgumentException("payload of " + payload.length + " bytes exceeds " + MAX_PAYLOAD);
        }
        payload = payload.clone();
    }

    public Frame(FrameType type, byte[] payload) {
        this(type.code, payload);
    }

    @Override
    public byte[] payload() {
        return payload.clone();
    }

    /** The frame on the wire. */
    public byte[] encode() {
        byte[] out = new byte[payload.length + OVERHEAD];
        out[0] = (byte) MAGIC;
        out[1] = (byte) type;
        out[2] = (byte) payload.length;
        out[3] = (byte) (payload.length >>> 8);
        System.arraycopy(payload, 0, out, 4, payload.length);
        int crc = Crc16.of(out, 1, payload.length + 3);
        out[out.length - 2] = (byte) crc;
        out[out.length - 1] = (byte) (crc >>> 8);
        return out;
    }

    /** Bytes on the wire of a frame with {@code payloadBytes} of payload. */
    public static int wireBytes(int payloadBytes) {
        return payloadBytes + OVERHEAD;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Frame f && f.type == type && Arrays.equals(f.payload, payload);
    }

    @Override
    public int hashCode() {
        return 31 * type + Arrays.hashCode(payload);
    }

    @Override
    public String toString() {
        return "Frame[type=0x" + Integer.toHexString(type) + ", " + payload.length + " bytes]";
    }
}
