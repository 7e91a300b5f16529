package org.intformer.spark;

import org.intformer.explore.ExploreEngine;

/** {@code explore --engine spark}, found by the product through {@link java.util.ServiceLoader}. */
public final class SparkEngineProvider implements ExploreEngine.Provider {
    @Override
    public String name() {
        return "spark";
    }

    @Override
    public ExploreEngine start(ExploreEngine.Context context) {
        return new SparkEngine(context);
    }
}
