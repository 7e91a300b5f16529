package org.intformer.board;

/**
 * The payload of a {@link FrameType#STATUS} reply (20 bytes, little-endian; docs/BOARD.md).
 *
 * @param modelHash    {@link ModelHash} of the integer model the bitstream was generated from
 * @param lastCycles   clock cycles of the last inference, from start to done (0 before the first)
 * @param inferences   inferences run since reset
 * @param crcErrors    frames rejected for their CRC since reset
 * @param lengthErrors frames rejected for their length
 * @param typeErrors   frames of an unknown type
 * @param timeouts     frames cut off by the inter-byte timeout
 */
public record DeviceStatus(long modelHash, long lastCycles, long inferences, int crcErrors, int lengthErrors,
                           int typeErrors, int timeouts) {
    public static final int BYTES = 20;

    public static DeviceStatus parse(byte[] p) {
        if (p.length != BYTES) {
            throw new ProtocolException("status payload of " + p.length + " bytes, expected " + BYTES);
        }
        return new DeviceStatus(Payloads.unsigned(p, 0, 4), Payloads.unsigned(p, 4, 4), Payloads.unsigned(p, 8, 4),
                (int) Payloads.unsigned(p, 12, 2), (int) Payloads.unsigned(p, 14, 2), (int) Payloads.unsigned(p, 16, 2),
                (int) Payloads.unsigned(p, 18, 2));
    }

    public byte[] encode() {
        byte[] p = new byte[BYTES];
        Payloads.put(p, 0, 4, modelHash);
        Payloads.put(p, 4, 4, lastCycles);
        Payloads.put(p, 8, 4, inferences);
        Payloads.put(p, 12, 2, crcErrors);
        Payloads.put(p, 14, 2, lengthErrors);
        Payloads.put(p, 16, 2, typeErrors);
        Payloads.put(p, 18, 2, timeouts);
        return p;
    }
}
