package org.intformer.explore;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;

/** Non-dominated points for two objectives, both minimized. */
public final class Pareto {
    private Pareto() {
    }

    /**
     * The items no other item dominates (at most as bad in both objectives and better in one), in input order.
     * Exact duplicates do not dominate each other, so both stay on the front.
     */
    public static <T> List<T> front(List<T> items, ToDoubleFunction<T> first, ToDoubleFunction<T> second) {
        List<T> front = new ArrayList<>();
        for (T a : items) {
            boolean dominated = false;
            for (T b : items) {
                double a1 = first.applyAsDouble(a), a2 = second.applyAsDouble(a);
                double b1 = first.applyAsDouble(b), b2 = second.applyAsDouble(b);
                if (b1 <= a1 && b2 <= a2 && (b1 < a1 || b2 < a2)) {
                    dominated = true;
                    break;
                }
            }
            if (!dominated) {
                front.add(a);
            }
        }
        return front;
    }
}
