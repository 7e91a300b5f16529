package org.intformer.board;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import org.intformer.hw.Design;
import org.intformer.hw.WeightMemory;

/**
 * The weights of a design with its weights in SPRAM as the LOAD frames carry them (docs/BOARD.md): the weight
 * memory's words in address order, each in {@link Design#weightWordBytes()} bytes, little-endian, two's complement
 * masked to the word's width. The device checks the CRC-16 of all these bytes ({@link #crc()}) before it runs an
 * inference.
 *
 * @param words     words of the weight memory
 * @param wordBits  bits per word (lanes x weight bits)
 * @param wordBytes bytes per word on the link
 * @param bytes     the words' bytes, in order
 */
public record WeightImage(int words, int wordBits, int wordBytes, byte[] bytes) {
    /** Words per LOAD frame the host sends (a frame is small enough that a bad one costs little to resend). */
    public static final int WORDS_PER_FRAME = 256;

    public static WeightImage of(Design d) {
        if (d.weightMemory() != WeightMemory.SPRAM) {
            throw new IllegalArgumentException("the design keeps its weights in block RAM: nothing to load");
        }
        List<BigInteger> w = d.weights().words();
        int wb = d.weightWordBytes();
        BigInteger mask = BigInteger.ONE.shiftLeft(d.weights().width()).subtract(BigInteger.ONE);
        byte[] out = new byte[w.size() * wb];
        for (int i = 0; i < w.size(); i++) {
            BigInteger x = w.get(i).and(mask);
            for (int b = 0; b < wb; b++) {
                out[i * wb + b] = x.shiftRight(8 * b).byteValue();
            }
        }
        return new WeightImage(w.size(), d.weights().width(), wb, out);
    }

    /** CRC-16/CCITT-FALSE of all the words' bytes: what the device compares when the last word is in. */
    public int crc() {
        return Crc16.of(bytes, 0, bytes.length);
    }

    /** The LOAD payloads that carry every word: first word index (u16) then the words, {@code perFrame} words each. */
    public List<byte[]> payloads(int perFrame) {
        List<byte[]> out = new ArrayList<>();
        for (int first = 0; first < words; first += perFrame) {
            int n = Math.min(perFrame, words - first);
            out.add(payload(first, n));
        }
        return out;
    }

    /** One LOAD payload: {@code n} words from word {@code first}. */
    public byte[] payload(int first, int n) {
        byte[] p = new byte[2 + n * wordBytes];
        Payloads.put(p, 0, 2, first);
        System.arraycopy(bytes, first * wordBytes, p, 2, n * wordBytes);
        return p;
    }

    /** Bytes on the wire to load every word in frames of {@code perFrame} words (requests only). */
    public long wireBytes(int perFrame) {
        long total = 0;
        for (byte[] p : payloads(perFrame)) {
            total += Frame.wireBytes(p.length);
        }
        return total;
    }
}
