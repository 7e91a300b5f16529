package org.intformer.hw;

import org.intformer.hw.synth.Resources;

/**
 * What {@link CostModel} predicts for one integer model on one target, without running any tool.
 *
 * @param target    "xc7s15" or "ice40up5k"
 * @param lanes     MAC lanes P the generator would use
 * @param cycles    cycles per inference of the generated design (exact: the generator's own schedule)
 * @param macs      multiply-accumulates per inference
 * @param resources predicted counts in the units of the target's synthesis report
 * @param fits      whether the predicted counts fit the device's limits
 */
public record CostEstimate(String target, int lanes, long cycles, long macs, Resources resources, boolean fits) {
}
