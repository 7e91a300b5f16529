package org.intformer.explore;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeSet;
import org.intformer.UserError;

/** Which grid indices are explored: the whole grid (bounded by samples) or a seeded random subset. */
final class Sampler {
    private Sampler() {
    }

    static List<Long> indices(SearchSpace space, ExploreSettings s, long seed) {
        long size = space.size();
        if (s.search() == ExploreSettings.Search.GRID) {
            if (size > s.samples()) {
                throw new UserError("explore: the grid has " + size + " points, more than samples = " + s.samples()
                        + " (raise explore.samples, shrink explore.space, or use search: random)");
            }
            List<Long> all = new ArrayList<>();
            for (long i = 0; i < size; i++) {
                all.add(i);
            }
            return all;
        }
        return random(size, s.samples(), seed);
    }

    /**
     * {@code count} distinct indices below {@code size} from one seeded stream, in increasing order (so the
     * result is a set, independent of draw order); all of them when the grid is not larger than count.
     */
    static List<Long> random(long size, int count, long seed) {
        TreeSet<Long> picked = new TreeSet<>();
        if (size <= count) {
            for (long i = 0; i < size; i++) {
                picked.add(i);
            }
            return List.copyOf(picked);
        }
        SplittableRandom rng = new SplittableRandom(seed);
        while (picked.size() < count) {
            picked.add(rng.nextLong(size));
        }
        return List.copyOf(picked);
    }
}
