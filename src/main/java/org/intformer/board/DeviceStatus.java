package org.intformer.board;

/**
 * The payload of a {@link FrameType#STATUS} reply (28 bytes, little-endian; docs/BOARD.md).
 *
 * @param modelHash    {@link ModelHash} of the integer model the bitstream was generated from
 * @param lastCycles   clock cycles of the last inference, from start to done (0 before the first)
 * @param inferences   inferences run since reset
 * @param crcErrors    frames rejected for their CRC since reset
 * @param lengthErrors frames rejected for their length
 * @param typeErrors   frames of an unknown type
 * @param timeouts     frames cut off by the inter-byte timeout
 * @param weightWords  weight words the device's SPRAM holds (0: the weights are in the bitstream, nothing to load)
 * @param loadedWords  weight words loaded so far (the next LOAD starts there, or at 0)
 * @param lanes        MAC lanes of the accelerator (the host lays the weight words out by it)
 * @param weightsLoaded whether every weight word is in and their CRC is the model's
 * @param loadErrors   frames rejected by the weight loader (BAD_LOAD, NO_WEIGHTS, WRONG_WEIGHTS), and a wrong flash image
 * @param weightsFromFlash the loaded weights were read from the configuration flash after reset (not LOAD frames)
 * @param flashImageWrong the flash's weight image did not have the model's CRC (and no LOAD has replaced it yet)
 */
public record DeviceStatus(long modelHash, long lastCycles, long inferences, int crcErrors, int lengthErrors,
                           int typeErrors, int timeouts, int weightWords, int loadedWords, int lanes, boolean weightsLoaded,
                           int loadErrors, boolean weightsFromFlash, boolean flashImageWrong) {
    public static final int BYTES = 28;

    /** Whether the device keeps its weights in SPRAM (they must be loaded after every power-up). */
    public boolean needsWeights() {
        return weightWords > 0;
    }

    /** Whether the device can run an inference: weights in the bitstream, or loaded and verified. */
    public boolean ready() {
        return !needsWeights() || weightsLoaded;
    }

    /** Where the device's weights are: "bitstream", "flash", "serial link" (LOAD frames), or "not loaded". */
    public String weightsSource() {
        return !needsWeights() ? "bitstream" : !weightsLoaded ? (flashImageWrong ? "not loaded (the flash's image is wrong)" : "not loaded")
                : weightsFromFlash ? "flash" : "serial link";
    }

    public static DeviceStatus parse(byte[] p) {
        if (p.length != BYTES) {
            throw new ProtocolException("status payload of " + p.length + " bytes, expected " + BYTES);
        }
        return new DeviceStatus(Payloads.unsigned(p, 0, 4), Payloads.unsigned(p, 4, 4), Payloads.unsigned(p, 8, 4),
                (int) Payloads.unsigned(p, 12, 2), (int) Payloads.unsigned(p, 14, 2), (int) Payloads.unsigned(p, 16, 2),
                (int) Payloads.unsigned(p, 18, 2), (int) Payloads.unsigned(p, 20, 2), (int) Payloads.unsigned(p, 22, 2),
                p[24] & 0xFF, (p[25] & 2) != 0, (int) Payloads.unsigned(p, 26, 2), (p[25] & 4) != 0, (p[25] & 8) != 0);
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
        Payloads.put(p, 20, 2, weightWords);
        Payloads.put(p, 22, 2, loadedWords);
        p[24] = (byte) lanes;
        p[25] = (byte) ((weightWords > 0 ? 1 : 0) | (weightsLoaded ? 2 : 0) | (weightsFromFlash ? 4 : 0) | (flashImageWrong ? 8 : 0));
        Payloads.put(p, 26, 2, loadErrors);
        return p;
    }
}
