package org.intformer.board;

import java.util.List;

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

    /** The loader's rejections {@link #loadWeights} provokes (BAD_LOAD, NO_WEIGHTS, WRONG_WEIGHTS). */
    static final int LOAD_ERRORS = 6;
    /** Its frames rejected for their length and CRC. */
    static final int LOAD_LENGTH_ERRORS = 1;
    static final int LOAD_CRC_ERRORS = 1;

    /**
     * On a device with its weights in SPRAM, fresh from reset: a window before the weights (NO_WEIGHTS), LOAD frames
     * that are wrong (not starting at word 0 or where the last stopped, running past the last word, not whole words,
     * a bad CRC), a complete load of weights that are not the model's (WRONG_WEIGHTS on its last frame, then still
     * NO_WEIGHTS), each leaving the device usable; then the right weights, and the window gives {@code expected}.
     */
    static void loadWeights(DeviceClient c, IntModel m, WeightImage w, int[] window, int[] expected) {
        byte[] infer = new Frame(FrameType.INFER, Payloads.int16(window)).encode();
        DeviceStatus s0 = c.status();
        assertThat(s0.needsWeights()).isTrue();
        assertThat(s0.weightWords()).isEqualTo(w.words());
        assertThat(s0.weightsLoaded()).isFalse();
        rejected(c, infer, DeviceError.Code.NO_WEIGHTS, FrameType.INFER.code);

        int n = Math.min(w.words(), 3);
        rejected(c, new Frame(FrameType.LOAD, w.payload(1, n - 1 > 0 ? n - 1 : 1)).encode(), DeviceError.Code.BAD_LOAD, FrameType.LOAD.code);
        byte[] past = java.util.Arrays.copyOf(w.payload(0, w.words()), 2 + (w.words() + 1) * w.wordBytes());
        rejected(c, new Frame(FrameType.LOAD, past).encode(), DeviceError.Code.BAD_LOAD, FrameType.LOAD.code);
        rejected(c, new Frame(FrameType.LOAD, new byte[] {0, 0}).encode(), DeviceError.Code.BAD_LENGTH, FrameType.LOAD.code);
        byte[] badCrc = new Frame(FrameType.LOAD, w.payload(0, n)).encode();
        badCrc[badCrc.length - 2] ^= 0x40;
        rejected(c, badCrc, DeviceError.Code.BAD_CRC, FrameType.LOAD.code);
        assertThat(c.status().loadedWords()).isZero();

        byte[] wrongBytes = w.bytes().clone();
        wrongBytes[wrongBytes.length - 1] ^= 0x01;
        WeightImage wrong = new WeightImage(w.words(), w.wordBits(), w.wordBytes(), wrongBytes);
        List<byte[]> frames = wrong.payloads(WeightImage.WORDS_PER_FRAME);
        for (int i = 0; i < frames.size() - 1; i++) {
            DeviceStatus si = DeviceStatus.parse(DeviceClient.expect(c.exchange(new Frame(FrameType.LOAD, frames.get(i)).encode()), FrameType.STATUS));
            assertThat(si.weightsLoaded()).isFalse();
        }
        rejected(c, new Frame(FrameType.LOAD, frames.get(frames.size() - 1)).encode(), DeviceError.Code.WRONG_WEIGHTS, FrameType.LOAD.code);
        rejected(c, infer, DeviceError.Code.NO_WEIGHTS, FrameType.INFER.code);
        assertThat(c.status().loadedWords()).isZero();

        DeviceStatus loaded = c.load(w, sent -> { });
        assertThat(loaded.weightsLoaded()).isTrue();
        assertThat(loaded.loadedWords()).isEqualTo(w.words());
        goodStillWorks(c, m, window, expected);
        // a load that starts anywhere but word 0 or the end is refused and leaves the loaded weights alone
        rejected(c, new Frame(FrameType.LOAD, w.payload(1, 1)).encode(), DeviceError.Code.BAD_LOAD, FrameType.LOAD.code);
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
