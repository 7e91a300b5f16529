package org.intformer.board;

import java.util.Optional;

/**
 * The message types of the serial protocol (docs/BOARD.md). Host requests have codes below 0x80, device
 * replies 0x80 and above.
 */
public enum FrameType {
    /** Host: read the device's status. Empty payload. */
    STATUS_REQUEST(0x01),
    /** Host: run one inference. Payload: the window, one signed 16-bit little-endian integer per value. */
    INFER(0x02),
    /**
     * Host: weight words for a device with its weights in SPRAM. Payload: the first word's index (u16), then the words,
     * each in the design's bytes per word, little-endian ({@link WeightImage}). Answered with a STATUS.
     */
    LOAD(0x03),
    /** Device: status (model hash, cycles of the last inference, counters); see {@link DeviceStatus}. */
    STATUS(0x81),
    /** Device: the forecast, one signed 16-bit little-endian integer per value. */
    FORECAST(0x82),
    /** Device: the request was rejected; see {@link DeviceError}. */
    ERROR(0xEE);

    public final int code;

    FrameType(int code) {
        this.code = code;
    }

    /** The type with this code, empty for a code the protocol does not define. */
    public static Optional<FrameType> of(int code) {
        for (FrameType t : values()) {
            if (t.code == code) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }
}
