package org.intformer.board;

import org.intformer.integer.TensorSpec;

/**
 * The host end of the serial protocol (docs/BOARD.md): one request, one reply. Replies that are not frames, or
 * not the reply the request expects, are {@link ProtocolException}s; error frames are {@link DeviceException}s.
 */
public final class DeviceClient {
    private final Transport link;
    private final int timeoutMillis;
    private final FrameDecoder decoder = new FrameDecoder();
    private final byte[] buf = new byte[4096];

    public DeviceClient(Transport link, int timeoutMillis) {
        this.link = link;
        this.timeoutMillis = timeoutMillis;
    }

    /** Sends {@code wire} (any bytes, a frame or not) and returns the reply frame, an error frame included. */
    public Frame exchange(byte[] wire) {
        link.write(wire);
        return receive();
    }

    /** The next frame from the device. */
    public Frame receive() {
        while (true) {
            int n = link.read(buf, timeoutMillis);
            if (n == 0) {
                throw new ProtocolException("no reply from the device within " + timeoutMillis + " ms"
                        + (decoder.inFrame() ? " (a frame started and did not end)" : ""));
            }
            for (int i = 0; i < n; i++) {
                Frame f = decoder.feed(buf[i]);
                if (f != null) {
                    if (i != n - 1) {
                        throw new ProtocolException((n - 1 - i) + " unexpected bytes after the reply");
                    }
                    return f;
                }
            }
        }
    }

    /** The device's status. */
    public DeviceStatus status() {
        return DeviceStatus.parse(expect(exchange(new Frame(FrameType.STATUS_REQUEST, new byte[0]).encode()), FrameType.STATUS));
    }

    /** The forecast for {@code window} (the input tensor's integers, row-major), checked against {@code in}'s range. */
    public int[] infer(int[] window, TensorSpec in, TensorSpec out) {
        if (window.length != in.size()) {
            throw new IllegalArgumentException("window of " + window.length + " values, the model takes " + in.size());
        }
        for (int i = 0; i < window.length; i++) {
            if (window[i] < in.min() || window[i] > in.max()) {
                throw new IllegalArgumentException("window value " + window[i] + " at " + i + " is outside " + in.rangeText());
            }
        }
        int[] y = Payloads.int16(expect(exchange(new Frame(FrameType.INFER, Payloads.int16(window)).encode()), FrameType.FORECAST));
        if (y.length != out.size()) {
            throw new ProtocolException("forecast of " + y.length + " values, the model gives " + out.size());
        }
        return y;
    }

    /**
     * Loads {@code weights} into the device's SPRAM, {@link WeightImage#WORDS_PER_FRAME} words per LOAD frame from
     * word 0, and returns the status after the last frame (weights loaded). {@code progress} gets the words sent.
     */
    public DeviceStatus load(WeightImage weights, java.util.function.IntConsumer progress) {
        DeviceStatus s = null;
        int sent = 0;
        for (byte[] p : weights.payloads(WeightImage.WORDS_PER_FRAME)) {
            s = DeviceStatus.parse(expect(exchange(new Frame(FrameType.LOAD, p).encode()), FrameType.STATUS));
            sent += (p.length - 2) / weights.wordBytes();
            progress.accept(sent);
        }
        if (s == null || !s.weightsLoaded()) {
            throw new ProtocolException("the device did not report its weights loaded after the last word");
        }
        return s;
    }

    static byte[] expect(Frame f, FrameType type) {
        if (f.type() == FrameType.ERROR.code) {
            throw new DeviceException(DeviceError.parse(f.payload()));
        }
        if (f.type() != type.code) {
            throw new ProtocolException(String.format("reply of type 0x%02x, expected %s", f.type(), type));
        }
        return f.payload();
    }
}
