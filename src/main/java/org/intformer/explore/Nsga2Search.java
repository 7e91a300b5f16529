package org.intformer.explore;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.uma.jmetal.operator.crossover.impl.IntegerSBXCrossover;
import org.uma.jmetal.operator.mutation.impl.IntegerPolynomialMutation;
import org.uma.jmetal.operator.selection.impl.RankingAndCrowdingSelection;
import org.uma.jmetal.solution.doublesolution.repairsolution.impl.RepairDoubleSolutionWithBoundValue;
import org.uma.jmetal.solution.integersolution.IntegerSolution;
import org.uma.jmetal.solution.integersolution.impl.DefaultIntegerSolution;
import org.uma.jmetal.util.bounds.Bounds;
import org.uma.jmetal.util.densityestimator.impl.CrowdingDistanceDensityEstimator;
import org.uma.jmetal.util.pseudorandom.RandomGenerator;
import org.uma.jmetal.util.ranking.Ranking;
import org.uma.jmetal.util.ranking.impl.FastNonDominatedSortRanking;

/**
 * {@code search: nsga2}: NSGA-II (Deb et al., 2002) over the space's value indices, one integer variable per key,
 * minimizing (validation MSE, the objective cost). jMetal provides the simulated-binary crossover, the polynomial
 * mutation and the non-dominated sorting with crowding; the generational loop is here so that each generation's new
 * points train as one parallel batch, points already evaluated are never evaluated again, and every random choice
 * comes from one stream seeded by the base seed (jMetal's global random source is never used). The search stops after
 * {@code generations} generations or when {@code samples} distinct points have been evaluated, whichever comes first.
 *
 * <p>Invalid combinations and points the cost model rejects before training take part with the worst possible
 * objectives, so the search moves away from them without spending training on them.
 */
final class Nsga2Search {
    /** Objectives of a point that cannot be had (invalid, not fitting): dominated by every real point. */
    static final double[] WORST = {Double.MAX_VALUE, Double.MAX_VALUE};
    private static final double CROSSOVER_PROBABILITY = 0.9;
    private static final double DISTRIBUTION_INDEX = 20.0;
    private static final int DUPLICATE_RETRIES = 8;

    /** Trains (or finds) a batch of points and returns their objectives by grid index. */
    interface Evaluator {
        Map<Long, double[]> evaluate(List<Long> indices);
    }

    /**
     * The training, in point-epochs, that a set of points costs: the evaluated ones what they trained, the others what
     * they would train at most; a training (or a float model) shared by several points counts once.
     */
    interface Meter {
        long pointEpochs(java.util.Collection<Long> indices);
    }

    private final SearchSpace space;
    private final ExploreSettings settings;
    private final SplittableRandom rng;
    private final Map<Long, double[]> evaluated = new TreeMap<>();
    private int generationsRun;
    private boolean budgetReached;
    private long pointEpochs;

    Nsga2Search(SearchSpace space, ExploreSettings settings, long seed) {
        this.space = space;
        this.settings = settings;
        this.rng = new SplittableRandom(seed ^ 0x9E3779B97F4A7C15L);
    }

    /** The first population: {@code population} distinct grid points drawn with the seed (also what --dry-run lists). */
    static List<Long> initial(SearchSpace space, ExploreSettings settings, long seed) {
        return Sampler.random(space.size(), Math.min(settings.population(), settings.samples()), seed);
    }

    /** Runs the search without a budget meter (the settings' budget must be 0). */
    Map<Long, double[]> run(List<Long> first, Evaluator evaluator) {
        return run(first, evaluator, null);
    }

    /**
     * Runs the search; returns every evaluated grid index with its objectives, in index order. With a budget, a child is
     * evaluated only while the points evaluated so far and the generation's new ones, at most, stay within it; the
     * search ends with the generation in which a child was refused for the budget.
     */
    Map<Long, double[]> run(List<Long> first, Evaluator evaluator, Meter meter) {
        if (settings.budget() > 0 && meter == null) {
            throw new IllegalArgumentException("a budget needs a meter");
        }
        RandomGenerator<Double> random = rng::nextDouble;
        IntegerSBXCrossover crossover = new IntegerSBXCrossover(CROSSOVER_PROBABILITY, DISTRIBUTION_INDEX, random);
        IntegerPolynomialMutation mutation = new IntegerPolynomialMutation(1.0 / space.keys().size(), DISTRIBUTION_INDEX,
                new RepairDoubleSolutionWithBoundValue(), random);

        evaluateNew(first, evaluator);
        List<IntegerSolution> population = new ArrayList<>();
        for (long index : first) {
            population.add(solution(index));
        }
        for (int g = 0; g < settings.generations() && evaluated.size() < settings.samples() && !budgetReached; g++) {
            Map<IntegerSolution, double[]> fitness = tournamentFitness(population);
            List<IntegerSolution> offspring = new ArrayList<>();
            while (offspring.size() < settings.population()) {
                IntegerSolution a = tournament(population, fitness);
                IntegerSolution b = tournament(population, fitness);
                for (IntegerSolution child : crossover.execute(List.of((IntegerSolution) a.copy(), (IntegerSolution) b.copy()))) {
                    offspring.add(unseen(mutation.execute(child), offspring));
                }
            }
            // New points within the budget, in the order bred; offspring beyond the budget are dropped unevaluated.
            List<Long> fresh = new ArrayList<>();
            List<IntegerSolution> kept = new ArrayList<>();
            for (IntegerSolution child : offspring) {
                long index = index(child);
                boolean known = evaluated.containsKey(index) || fresh.contains(index);
                if (known || evaluated.size() + fresh.size() < settings.samples() && withinBudget(fresh, index, meter)) {
                    if (!known) {
                        fresh.add(index);
                    }
                    kept.add(child);
                }
            }
            evaluateNew(fresh, evaluator);
            kept.forEach(this::setObjectives);
            population.forEach(this::setObjectives);
            List<IntegerSolution> union = new ArrayList<>(population);
            union.addAll(kept);
            population = new RankingAndCrowdingSelection<IntegerSolution>(settings.population()).execute(union);
            generationsRun++;
        }
        if (meter != null) {
            pointEpochs = meter.pointEpochs(evaluated.keySet());
        }
        return evaluated;
    }

    private boolean withinBudget(List<Long> fresh, long index, Meter meter) {
        if (settings.budget() == 0) {
            return true;
        }
        List<Long> all = new ArrayList<>(evaluated.keySet());
        all.addAll(fresh);
        all.add(index);
        boolean within = meter.pointEpochs(all) <= settings.budget();
        budgetReached |= !within;
        return within;
    }

    /**
     * On spaces of a few values per key, SBX and polynomial mutation mostly hand back a parent; such a child gets one
     * key redrawn uniformly (a few tries) so that the budget buys new points. A child still repeating one is kept as is.
     */
    private IntegerSolution unseen(IntegerSolution child, List<IntegerSolution> siblings) {
        for (int attempt = 0; attempt < DUPLICATE_RETRIES && seen(index(child), siblings); attempt++) {
            int k = rng.nextInt(space.keys().size());
            child.variables().set(k, rng.nextInt(space.radix(k)));
        }
        return child;
    }

    private boolean seen(long index, List<IntegerSolution> siblings) {
        return evaluated.containsKey(index) || siblings.stream().anyMatch(s -> index(s) == index);
    }

    int generationsRun() {
        return generationsRun;
    }

    private void evaluateNew(List<Long> indices, Evaluator evaluator) {
        List<Long> fresh = indices.stream().filter(i -> !evaluated.containsKey(i)).distinct().toList();
        if (fresh.isEmpty()) {
            return;
        }
        Map<Long, double[]> objectives = evaluator.evaluate(fresh);
        for (long i : fresh) {
            double[] o = objectives.get(i);
            evaluated.put(i, o == null ? WORST : o);
        }
    }

    private IntegerSolution solution(long index) {
        List<Bounds<Integer>> bounds = new ArrayList<>();
        for (int k = 0; k < space.keys().size(); k++) {
            bounds.add(Bounds.create(0, space.radix(k) - 1));
        }
        IntegerSolution s = new DefaultIntegerSolution(bounds, 2, 0);
        int[] digits = space.digits(index);
        for (int k = 0; k < digits.length; k++) {
            s.variables().set(k, digits[k]);
        }
        setObjectives(s);
        return s;
    }

    private long index(IntegerSolution s) {
        return space.index(s.variables().stream().mapToInt(Integer::intValue).toArray());
    }

    private void setObjectives(IntegerSolution s) {
        double[] o = evaluated.get(index(s));
        if (o != null) {
            s.objectives()[0] = o[0];
            s.objectives()[1] = o[1];
        }
    }

    /** Rank (lower is better) and crowding distance (higher is better) of each member, for the binary tournament. */
    private static Map<IntegerSolution, double[]> tournamentFitness(List<IntegerSolution> population) {
        Ranking<IntegerSolution> ranking = new FastNonDominatedSortRanking<IntegerSolution>().compute(population);
        Map<IntegerSolution, double[]> fitness = new java.util.IdentityHashMap<>();
        for (int f = 0; f < ranking.getNumberOfSubFronts(); f++) {
            List<IntegerSolution> front = ranking.getSubFront(f);
            CrowdingDistanceDensityEstimator<IntegerSolution> crowding = new CrowdingDistanceDensityEstimator<>();
            crowding.compute(front);
            for (IntegerSolution s : front) {
                fitness.put(s, new double[] {f, crowding.value(s)});
            }
        }
        return fitness;
    }

    private IntegerSolution tournament(List<IntegerSolution> population, Map<IntegerSolution, double[]> fitness) {
        IntegerSolution a = population.get(rng.nextInt(population.size()));
        IntegerSolution b = population.get(rng.nextInt(population.size()));
        double[] fa = fitness.get(a);
        double[] fb = fitness.get(b);
        if (fa[0] != fb[0]) {
            return fa[0] < fb[0] ? a : b;
        }
        return fb[1] > fa[1] ? b : a;
    }

    /** The search's record for explore.json. */
    Map<String, Object> summary() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("generations_run", generationsRun);
        m.put("evaluated", evaluated.size());
        if (settings.budget() > 0) {
            m.put("budget_reached", budgetReached);
        }
        m.put("point_epochs", pointEpochs);
        m.put("unfit_or_invalid", evaluated.values().stream().filter(o -> Arrays.equals(o, WORST)).count());
        return m;
    }
}
