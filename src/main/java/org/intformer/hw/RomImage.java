package org.intformer.hw;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * The contents of one ROM as the Verilog reads it with {@code $readmemh}: {@code words} of {@code width} bits,
 * two's complement, one hex word per line. Computed once per design; the writer prints it and the cost model
 * reads its live bit columns from the same words.
 *
 * @param file  the {@code .mem} file name
 * @param width bits per word
 * @param words the words (at least one: an empty ROM holds a single 0)
 */
public record RomImage(String file, int width, List<BigInteger> words) {

    public RomImage {
        words = words.isEmpty() ? List.of(BigInteger.ZERO) : List.copyOf(words);
    }

    /** A ROM of signed values, each stored in {@code width} bits. */
    static RomImage ofLongs(String file, int width, List<Long> values) {
        List<BigInteger> w = new ArrayList<>();
        for (long v : values) {
            w.add(BigInteger.valueOf(v));
        }
        return new RomImage(file, width, w);
    }

    public int depth() {
        return words.size();
    }

    /** The file's lines: each word masked to the width, zero-padded hex. */
    List<String> lines() {
        BigInteger mask = BigInteger.ONE.shiftLeft(width).subtract(BigInteger.ONE);
        int digits = (width + 3) / 4;
        List<String> out = new ArrayList<>(words.size());
        for (BigInteger x : words) {
            String h = x.and(mask).toString(16);
            out.add("0".repeat(Math.max(0, digits - h.length())) + h);
        }
        return out;
    }

    /** Bit columns that are not the same in every word: the width yosys' {@code opt_mem} leaves. */
    int liveColumns() {
        return XilinxMapping.liveColumns(words, width);
    }
}
