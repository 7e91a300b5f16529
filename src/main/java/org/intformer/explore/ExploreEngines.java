package org.intformer.explore;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import org.intformer.UserError;

/**
 * The engines {@code explore --engine NAME} can use: {@code local}, always, and any found through
 * {@link ServiceLoader} (the {@code spark} engine lives in the separate intformer-spark module, so that the main jar
 * carries no Spark).
 */
public final class ExploreEngines {
    private ExploreEngines() {
    }

    public static ExploreEngine.Provider provider(String name) {
        List<ExploreEngine.Provider> all = all();
        for (ExploreEngine.Provider p : all) {
            if (p.name().equals(name)) {
                return p;
            }
        }
        String known = String.join(", ", all.stream().map(ExploreEngine.Provider::name).toList());
        if ("spark".equals(name)) {
            throw new UserError("explore: --engine spark needs the intformer-spark module and Spark on the class path: build it "
                    + "with 'mvn -B -f spark/pom.xml package' and run bin/intformer-spark instead of bin/intformer, or "
                    + "spark-submit (docs/EXPLORE.md, \"Spark engine\"); engines here: " + known);
        }
        throw new UserError("explore: unknown --engine '" + name + "'; engines here: " + known);
    }

    private static List<ExploreEngine.Provider> all() {
        List<ExploreEngine.Provider> all = new ArrayList<>();
        all.add(new ExploreEngine.Provider() {
            @Override
            public String name() {
                return LocalEngine.NAME;
            }

            @Override
            public ExploreEngine start(ExploreEngine.Context context) {
                return new LocalEngine(context);
            }
        });
        ServiceLoader.load(ExploreEngine.Provider.class).forEach(all::add);
        return all;
    }
}
