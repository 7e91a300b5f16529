package org.intformer.data;

/** Which windows training draws from ({@code train-series}, {@link PreparedData#fit()}). */
public enum TrainingWindows {
    /** The target column's training windows. */
    TARGET,
    /** The univariate training windows of every column, each z-scored with its own statistics, pooled. */
    ALL,
    /**
     * As {@link #ALL}, with each other column's targets moved by the difference between the target's least-squares
     * forecast and the column's own ({@code y + L_target(x) − L_column(x)}), for a model whose linear path starts at
     * the target's fit: the pooled least-squares fit is then exactly the target's (each column's residual is
     * orthogonal to its windows), so training does not pull the path away from it, and what the Transformer learns
     * from every column is that column's residual to its own linear forecast.
     */
    ALL_LINEAR_ALIGNED
}
