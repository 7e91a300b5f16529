package org.intformer.board;

/**
 * The payload of an {@link FrameType#ERROR} reply: why the device rejected a frame, and the type byte the
 * rejected frame carried (0 for a timeout before the type arrived).
 */
public record DeviceError(Code code, int rejectedType) {
    public static final int BYTES = 2;

    /** Error codes, as the device sends them. */
    public enum Code {
        /** The CRC of the frame does not match its bytes. */
        BAD_CRC(1),
        /** The length is not the one the type requires (an INFER window of the wrong size, a STATUS_REQUEST with a payload). */
        BAD_LENGTH(2),
        /** The type is not a request the device knows. */
        UNKNOWN_TYPE(3),
        /** The frame stopped before its length was reached: no byte for the device's inter-byte timeout. */
        TIMEOUT(4),
        /** A LOAD that does not start at word 0 or where the last load stopped, or runs past the last word. */
        BAD_LOAD(5),
        /** An INFER before a complete, verified weight load. */
        NO_WEIGHTS(6),
        /** The last weight word is in and the CRC over all of them is not the bitstream's model's: load again from word 0. */
        WRONG_WEIGHTS(7);

        public final int code;

        Code(int code) {
            this.code = code;
        }

        static Code of(int code) {
            for (Code c : values()) {
                if (c.code == code) {
                    return c;
                }
            }
            throw new ProtocolException("error frame with unknown code " + code);
        }
    }

    public static DeviceError parse(byte[] p) {
        if (p.length != BYTES) {
            throw new ProtocolException("error payload of " + p.length + " bytes, expected " + BYTES);
        }
        return new DeviceError(Code.of(p[0] & 0xFF), p[1] & 0xFF);
    }

    public byte[] encode() {
        return new byte[] {(byte) code.code, (byte) rejectedType};
    }
}
