/**
 * The integer model of {@code docs/INTEGER.md}: an immutable IR ({@link org.intformer.integer.IntModel},
 * {@link org.intformer.integer.IntOp}), its static range analysis, the golden {@code int}/{@code long}-only
 * interpreter every backend must match bit for bit, the model file and hardware test vectors.
 *
 * <p>Host-side conversions that need floating point (quantizing a window, choosing a multiplier) live in
 * {@link org.intformer.integer.HostQuantization} and {@link org.intformer.integer.Multiplier}; the
 * interpreter's classes contain no float or double at all, and a test checks their bytecode for it.
 */
package org.intformer.integer;
