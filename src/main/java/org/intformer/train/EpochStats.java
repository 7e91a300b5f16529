package org.intformer.train;

/** What one epoch did: mean training loss, validation MSE (z-space), the learning rate used, and its time. */
public record EpochStats(int epoch, double trainLoss, double valMse, double lr, double seconds, boolean improved) {
}
