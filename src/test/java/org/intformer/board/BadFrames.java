package org.intformer.board;

import org.intformer.integer.IntModel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Every bad-frame class sent to a device, each followed by a good INFER that must still give {@code expected}:
 * a wrong CRC, a window of the wrong length, a status request with a payload, an unknown type, a frame cut
 * short (the device's timeout), and noise between frames (ignored, no reply).
 */
final class BadFrames {
    /** The good inferences {@link #checkAll} runs. */
    static final int INFERENCES = 6;

    private BadFrames() {
    }

    static void checkAll(DeviceClient c, Transport link, IntModel m, int[] window, int[] expected) {
        byte[] good = new Frame(FrameType.INFER, Payloads.int16(window)).encode();

        byte[] badCrc = good.clone();
        badCrc[badCrc.length - 1] ^= 0x01;
        rejected(c, badCrc, DeviceError.Code.BAD_CRC, FrameType.INFER.code);
        goodStillWorks(c, m, window, expected);

        byte[] shortWindow = new Frame(FrameType.INFER, Payloads.int16(java.util.Arrays.copyOf(window, window.length - 1))).encode();
        rejected(c, shortWindow, DeviceError.Code.BAD_LENGTH, FrameType.INFER.code);
        goodStillWorks(c, m, window, expected);

        rejected(c, new Frame(FrameType.STATUS_REQUEST, new byte[] {1}).encode(), DeviceError.Code.BAD_LENGTH, FrameType.STATUS_REQUEST.code);
        goodStillWorks(c, m, window, expected);

        rejected(c, new Frame(0x37, new byte[] {1, 2, 3}).encode(), DeviceError.Code.UNKNOWN_TYPE, 0x37);
        goodStillWorks(c, m, window, expected);

        byte[] cut = java.util.Arrays.copyOf(good, good.length / 2);
        rejected(c, cut, DeviceError.Code.TIMEOUT, FrameType.INFER.code);
        goodStillWorks(c, m, window, expected);

        link.write(new byte[] {0x00, 0x55, (byte) 0xFF});
        byte[] none = new byte[16];
        assertThat(link.read(none, 50)).as("noise outside a frame gets no reply").isZero();
        goodStillWorks(c, m, window, expected);
    }

    static void rejected(DeviceClient c, byte[] wire, DeviceError.Code code, int type) {
        Frame reply = c.exchange(wire);
        assertThat(reply.type()).isEqualTo(FrameType.ERROR.code);
        assertThat(DeviceError.parse(reply.payload())).isEqualTo(new DeviceError(code, type));
    }

    static void goodStillWorks(DeviceClient c, IntModel m, int[] window, int[] expected) {
        assertThat(c.infer(window, m.inputSpec(), m.outputSpec())).containsExactly(expected);
    }
}
