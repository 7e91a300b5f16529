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

    /**
     * The area dominated by {@code points} (both objectives minimized) and bounded by {@code reference}: the
     * hypervolume indicator in two dimensions. Points not better than the reference in both objectives add nothing.
     */
    public static double hypervolume(List<double[]> points, double[] reference) {
        List<double[]> inside = new ArrayList<>();
        for (double[] p : points) {
            if (p[0] < reference[0] && p[1] < reference[1]) {
                inside.add(p);
            }
        }
        inside.sort((a, b) -> a[0] != b[0] ? Double.compare(a[0], b[0]) : Double.compare(a[1], b[1]));
        double area = 0;
        double ceiling = reference[1];
        for (double[] p : inside) {
            if (p[1] < ceiling) {
                area += (reference[0] - p[0]) * (ceiling - p[1]);
                ceiling = p[1];
            }
        }
        return area;
    }
}
