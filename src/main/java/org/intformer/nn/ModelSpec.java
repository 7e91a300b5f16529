package org.intformer.nn;

import java.util.Arrays;
import org.intformer.UserError;

/**
 * The architecture of a forecaster, everything needed to rebuild it from a parameter file. See
 * docs/MODEL.md for the exact forward pass.
 *
 * @param outputSources for each output channel, the input channel whose last value a relative forecast adds back
 * @param linearPath    a linear map from the whole (absolute) window to the forecast, added to the head's output
 */
public record ModelSpec(int inChannels, int[] outputSources, int lookback, int horizon, int dModel, int heads,
                        int layers, int ffn, Norm norm, Activation activation, Head head, boolean relative,
                        int patch, float dropout, boolean linearPath) {
    public enum Norm { BATCH, LAYER }

    public enum Activation { RELU, GELU }

    public enum Head { GAP, LAST, FLATTEN }

    public ModelSpec {
        outputSources = outputSources.clone();
        require(inChannels >= 1, "in-channels must be >= 1");
        require(outputSources.length >= 1, "at least one output channel");
        for (int s : outputSources) {
            require(s >= 0 && s < inChannels, "output source channel " + s + " outside the " + inChannels + " inputs");
        }
        require(lookback >= 1, "lookback must be >= 1, got " + lookback);
        require(horizon >= 1, "horizon must be >= 1, got " + horizon);
        require(dModel >= 2 && dModel % 2 == 0, "d-model must be even and >= 2 (sinusoidal encoding), got " + dModel);
        require(heads >= 1 && dModel % heads == 0, "d-model " + dModel + " is not divisible by heads " + heads);
        require(layers >= 0, "layers must be >= 0, got " + layers);
        require(ffn >= 1, "ffn must be >= 1, got " + ffn);
        require(patch >= 1 && lookback % patch == 0, "patch " + patch + " must divide lookback " + lookback);
        require(dropout >= 0f && dropout < 1f, "dropout must be in [0, 1), got " + dropout);
        // Activations are tokens × d-model per window and layer: a bound far above any tiny forecaster, so that a
        // damaged model file cannot make a forecaster allocate gigabytes before its tensors are compared.
        require((long) (lookback / patch) * dModel <= MAX_ACTIVATIONS, "tokens × d-model = " + (long) (lookback / patch) * dModel
                + " values per window exceeds " + MAX_ACTIVATIONS + " (intformer builds tiny forecasters)");
        require((long) patch * inChannels <= MAX_ACTIVATIONS, "patch × input channels = " + (long) patch * inChannels
                + " exceeds " + MAX_ACTIVATIONS);
        require((long) horizon * outputSources.length <= MAX_ACTIVATIONS, "horizon × output channels = "
                + (long) horizon * outputSources.length + " exceeds " + MAX_ACTIVATIONS);
        require(!linearPath || (long) lookback * inChannels <= MAX_ACTIVATIONS, "lookback × input channels = "
                + (long) lookback * inChannels + " exceeds " + MAX_ACTIVATIONS + " (the linear path reads the whole window)");
    }

    /** A model without the linear path. */
    public ModelSpec(int inChannels, int[] outputSources, int lookback, int horizon, int dModel, int heads, int layers,
                     int ffn, Norm norm, Activation activation, Head head, boolean relative, int patch, float dropout) {
        this(inChannels, outputSources, lookback, horizon, dModel, heads, layers, ffn, norm, activation, head, relative,
                patch, dropout, false);
    }
    /** The largest activation a forecaster may have per window (2^24 values). */
    public static final long MAX_ACTIVATIONS = 1L << 24;

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new UserError(message);
        }
    }

    @Override
    public int[] outputSources() {
        return outputSources.clone();
    }

    public int outChannels() {
        return outputSources.length;
    }

    public int tokens() {
        return lookback / patch;
    }

    public int tokenWidth() {
        return patch * inChannels;
    }

    public int headInputs() {
        return head == Head.FLATTEN ? tokens() * dModel : dModel;
    }

    public int outputs() {
        return horizon * outChannels();
    }

    /** Values in one input window, the linear path's inputs. */
    public int windowValues() {
        return lookback * inChannels;
    }

    /**
     * Trainable parameter count (running statistics of batch norm are buffers, not parameters); Long.MAX_VALUE when
     * it exceeds a long (an absurd layer count or width in a damaged file).
     */
    public long parameterCount() {
        long d = dModel;
        try {
            long perLayer = 4 * (d * d + d) + Math.multiplyExact(d, ffn) + ffn + Math.multiplyExact((long) ffn, d) + d + 2 * 2 * d;
            long path = linearPath ? Math.multiplyExact((long) windowValues(), outputs()) + outputs() : 0;
            return Math.addExact(Math.addExact((tokenWidth() * d + d) + ((long) headInputs() * outputs() + outputs()),
                    Math.multiplyExact(layers, perLayer)), path);
        } catch (ArithmeticException overflow) {
            return Long.MAX_VALUE;
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ModelSpec s && inChannels == s.inChannels && Arrays.equals(outputSources, s.outputSources)
                && lookback == s.lookback && horizon == s.horizon && dModel == s.dModel && heads == s.heads
                && layers == s.layers && ffn == s.ffn && norm == s.norm && activation == s.activation
                && head == s.head && relative == s.relative && patch == s.patch && dropout == s.dropout
                && linearPath == s.linearPath;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(outputSources) * 31 + java.util.Objects.hash(inChannels, lookback, horizon, dModel, heads,
                layers, ffn, norm, activation, head, relative, patch, dropout, linearPath);
    }

    @Override
    public String toString() {
        return "ModelSpec[in=" + inChannels + ", out=" + Arrays.toString(outputSources) + ", lookback=" + lookback
                + ", horizon=" + horizon + ", d=" + dModel + ", heads=" + heads + ", layers=" + layers + ", ffn=" + ffn
                + ", norm=" + norm + ", act=" + activation + ", head=" + head + ", relative=" + relative
                + ", patch=" + patch + ", dropout=" + dropout + ", linearPath=" + linearPath + "]";
    }
}
