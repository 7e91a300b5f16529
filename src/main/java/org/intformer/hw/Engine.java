package org.intformer.hw;

/** The units of the accelerator a sequencer step drives. */
public enum Engine {
    /** The MAC array: Linear, AttentionScores, AttentionApply, MeanTokens. */
    MAT,
    /** Elementwise through the requantizer: Add, ChannelAffine, RelativeInput, AddBack. */
    EW,
    /** The softmax unit. */
    SMX,
    /** A copy of an attention operand into the lane bank. */
    COPY
}
