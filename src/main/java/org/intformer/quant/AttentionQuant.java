package org.intformer.quant;

import java.util.Objects;

/**
 * How {@code AttentionOp} quantizes: scores Q·Kᵀ/√dh onto a signed grid, then the integer softmax to probBits
 * unsigned bits (docs/INTEGER.md, {@code AttentionScores} and {@code Softmax}).
 *
 * @param scores    supplies the score grid; in training graphs it first receives the range of this forward's
 *                  raw scores, so an observer can include the current batch (as activation observers do)
 * @param probBits  b_p, 1..16
 */
public record AttentionQuant(ScoreQuantizer scores, int probBits) {
    /** Largest score range the LUT may cover: signed 16-bit scores. */
    public static final int MAX_SCORE_LEVELS = 1 << 16;

    /** The score grid of one forward, and the sink for the raw score range it observed. */
    public interface ScoreQuantizer {
        /** The min and max of the raw (float) scaled scores of a training forward, before {@link #grid()}. */
        void observe(double min, double max);

        /** The grid the scores are quantized to in this forward. */
        QuantGrid grid();
    }

    public AttentionQuant {
        Objects.requireNonNull(scores, "scores");
        if (probBits < 1 || probBits > 16) {
            throw new IllegalArgumentException("attention: probability bits must be in 1..16, got " + probBits);
        }
    }

    /** A constant score grid that ignores observations (evaluation, or a calibrated model). */
    public static AttentionQuant fixed(QuantGrid scoreGrid, int probBits) {
        Objects.requireNonNull(scoreGrid, "scoreGrid");
        return new AttentionQuant(new ScoreQuantizer() {
            @Override
            public void observe(double min, double max) {
                // A fixed grid learns nothing from the data.
            }

            @Override
            public QuantGrid grid() {
                return scoreGrid;
            }
        }, probBits);
    }
}
