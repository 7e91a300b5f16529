package org.intformer.board;

/**
 * CRC-16/CCITT-FALSE (polynomial 0x1021, initial value 0xFFFF, no reflection, no final XOR): the frame check
 * of the serial protocol. Chosen because the device computes it bit-serially in a few LUTs.
 */
public final class Crc16 {
    public static final int INIT = 0xFFFF;

    private Crc16() {
    }

    /** The CRC register after {@code b} (0-255) is shifted in. */
    public static int update(int crc, int b) {
        crc ^= (b & 0xFF) << 8;
        for (int i = 0; i < 8; i++) {
            crc = (crc & 0x8000) != 0 ? (crc << 1) ^ 0x1021 : crc << 1;
        }
        return crc & 0xFFFF;
    }

    /** The CRC of {@code len} bytes of {@code data} from {@code from}. */
    public static int of(byte[] data, int from, int len) {
        int crc = INIT;
        for (int i = from; i < from + len; i++) {
            crc = update(crc, data[i]);
        }
        return crc;
    }
}
