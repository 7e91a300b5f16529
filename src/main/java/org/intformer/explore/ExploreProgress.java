package org.intformer.explore;

import java.io.PrintStream;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Progress over (point, rung) tasks on stderr. The bar counts training epochs rather than tasks so that its
 * time-left estimate weighs a full-epoch final rung properly against cheap first-rung points; the message
 * shows tasks done/total and how many were reused from a previous run.
 */
final class ExploreProgress implements AutoCloseable {
    private final ProgressBar bar;
    private int done;
    private int total;
    private int reused;

    private ExploreProgress(ProgressBar bar) {
        this.bar = bar;
    }

    static ExploreProgress start(PrintStream out, long plannedEpochs, int plannedTasks) {
        ProgressBar bar = out == null ? null : new ProgressBarBuilder().setTaskName("explore").setInitialMax(Math.max(1, plannedEpochs))
                .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(500).setUnit(" ep", 1)
                .setConsumer(new ConsoleProgressBarConsumer(out)).build();
        ExploreProgress p = new ExploreProgress(bar);
        p.total = plannedTasks;
        return p;
    }

    synchronized void taskDone(int epochs, boolean wasReused) {
        done++;
        reused += wasReused ? 1 : 0;
        if (bar != null) {
            bar.stepBy(Math.max(1, epochs));
            bar.setExtraMessage(String.format(" %d/%d points·rungs (%d reused)", done, total, reused));
        }
    }

    /** Pruning and infeasible points shrink the remaining work; keep the estimate honest. */
    synchronized void replan(long remainingEpochs, int remainingTasks) {
        total = done + remainingTasks;
        if (bar != null) {
            bar.maxHint(bar.getCurrent() + Math.max(0, remainingEpochs));
        }
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
        }
    }
}
