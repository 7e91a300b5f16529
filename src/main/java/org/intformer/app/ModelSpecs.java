package org.intformer.app;

import org.intformer.UserError;
import org.intformer.config.TrainConfig;
import org.intformer.data.PreparedData;
import org.intformer.nn.ModelSpec;

/** The model architecture a configuration asks for, on given data. */
public final class ModelSpecs {
    private ModelSpecs() {
    }

    public static ModelSpec of(TrainConfig c, int inChannels, int[] outputSources) {
        ModelSpec spec = new ModelSpec(inChannels, outputSources, c.lookback(), c.horizon(), c.dModel(), c.heads(),
                c.layers(), c.resolvedFfn(), ModelSpec.Norm.valueOf(c.norm().name()),
                ModelSpec.Activation.valueOf(c.activation().name()), ModelSpec.Head.valueOf(c.head().name()),
                c.relative(), c.patch(), (float) c.dropout(), c.linearPath());
        if (c.maxParams() > 0 && spec.parameterCount() > c.maxParams()) {
            throw new UserError("the model has " + spec.parameterCount() + " parameters, more than max-params "
                    + c.maxParams() + " (reduce d-model, ffn, layers, or use a smaller head)");
        }
        return spec;
    }

    public static ModelSpec of(TrainConfig c, PreparedData data) {
        return of(c, data.train().inC(), data.train().outputInInput());
    }
}
