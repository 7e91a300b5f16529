package org.intformer.board;

import java.util.LinkedHashMap;
import java.util.Map;
import org.intformer.integer.IntModel;

/**
 * Time per window over the serial link, computed from the protocol's bytes (not measured): the INFER request
 * and the FORECAST reply, 10 bit times per byte (start, 8 data, stop), back to back at the nominal baud rate,
 * plus the accelerator's compute time. The host's and the USB bridge's latencies are not included.
 *
 * @param requestBytes INFER frame on the wire
 * @param replyBytes   FORECAST frame on the wire
 * @param baud         baud rate
 * @param cycles       accelerator cycles per inference
 * @param clockMhz     the clock the accelerator runs at (the PLL's, or the routed Fmax if lower); NaN when the
 *                     design did not route, and then no compute or total time is given
 */
public record LinkTiming(int requestBytes, int replyBytes, int baud, long cycles, double clockMhz) {
    public static final int BITS_PER_BYTE = 10;

    public static LinkTiming of(IntModel model, int baud, long cycles, double clockMhz) {
        return new LinkTiming(Frame.wireBytes(2 * model.inputSpec().size()), Frame.wireBytes(2 * model.outputSpec().size()),
                baud, cycles, clockMhz);
    }

    public double serialMs() {
        return 1e3 * (requestBytes + replyBytes) * BITS_PER_BYTE / baud;
    }

    public double computeMs() {
        return cycles / (clockMhz * 1e3);
    }

    public double totalMs() {
        return serialMs() + computeMs();
    }

    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("baud", baud);
        m.put("request_bytes", requestBytes);
        m.put("reply_bytes", replyBytes);
        m.put("serial_ms", round(serialMs()));
        m.put("compute_ms", Double.isNaN(clockMhz) ? null : round(computeMs()));
        m.put("total_ms", Double.isNaN(clockMhz) ? null : round(totalMs()));
        m.put("method", "computed from the frame bytes at 10 bit times per byte and the accelerator's cycles at the board clock; host and USB latency not included");
        return m;
    }

    private static double round(double v) {
        return Math.round(v * 1e4) / 1e4;
    }
}
