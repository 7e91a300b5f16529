package org.intformer.explore;

import java.io.Serializable;

/**
 * What running a {@link PointTask} gave.
 *
 * @param reused  the result was already stored (an earlier run, or an earlier attempt of this task) and was not recomputed
 * @param trained the task trained a model itself (false when reused, untrained, or sharing a lanes sibling's training)
 */
public record TaskResult(PointOutcome outcome, boolean reused, boolean trained) implements Serializable {
}
