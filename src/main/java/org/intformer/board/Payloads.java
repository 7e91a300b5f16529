package org.intformer.board;

/** Payload encodings of the protocol: integers as signed 16-bit little-endian values. */
public final class Payloads {
    private Payloads() {
    }

    /** {@code values} as signed 16-bit little-endian integers; a value outside [-32768, 32767] is an error. */
    public static byte[] int16(int[] values) {
        byte[] out = new byte[values.length * 2];
        for (int i = 0; i < values.length; i++) {
            int v = values[i];
            if (v < Short.MIN_VALUE || v > Short.MAX_VALUE) {
                throw new IllegalArgumentException("value " + v + " at " + i + " does not fit 16 bits");
            }
            out[2 * i] = (byte) v;
            out[2 * i + 1] = (byte) (v >>> 8);
        }
        return out;
    }

    /** The signed 16-bit little-endian integers of {@code payload} (an even number of bytes). */
    public static int[] int16(byte[] payload) {
        if (payload.length % 2 != 0) {
            throw new ProtocolException("payload of " + payload.length + " bytes is not a list of 16-bit values");
        }
        int[] out = new int[payload.length / 2];
        for (int i = 0; i < out.length; i++) {
            out[i] = (short) ((payload[2 * i] & 0xFF) | (payload[2 * i + 1] & 0xFF) << 8);
        }
        return out;
    }

    static long unsigned(byte[] p, int at, int bytes) {
        long v = 0;
        for (int i = bytes - 1; i >= 0; i--) {
            v = v << 8 | (p[at + i] & 0xFF);
        }
        return v;
    }

    static void put(byte[] p, int at, int bytes, long v) {
        for (int i = 0; i < bytes; i++) {
            p[at + i] = (byte) (v >>> (8 * i));
        }
    }
}
