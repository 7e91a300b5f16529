package org.intformer.app;

import org.intformer.tensor.Compute;
import org.intformer.tensor.Parallel;
import org.intformer.tensor.KernelsFactory;

/** The numeric engine for a run: the fastest kernels this JVM offers, on the configured number of threads. */
public final class Engines {
    private Engines() {
    }

    public static Compute compute(int threads) {
        return new Compute(KernelsFactory.best(), new Parallel(threads));
    }
}
