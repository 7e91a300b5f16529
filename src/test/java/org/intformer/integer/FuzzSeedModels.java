package org.intformer.integer;

import java.util.LinkedHashMap;
import java.util.Map;

/** The valid integer models the fuzz tests start from: the test encoders with each head. */
public final class FuzzSeedModels {
    private FuzzSeedModels() {
    }

    public static Map<String, IntModel> all() {
        Map<String, IntModel> m = new LinkedHashMap<>();
        m.put("encoder-gap", TestModels.encoder(1, "gap"));
        m.put("encoder-last", TestModels.encoder(2, "last"));
        m.put("encoder-flatten", TestModels.encoder(3, "flatten"));
        return m;
    }
}
