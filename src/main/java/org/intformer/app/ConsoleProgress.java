package org.intformer.app;

import java.io.PrintStream;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.intformer.train.EpochStats;
import org.intformer.train.TrainingListener;

/**
 * A progress bar over all training steps on stderr, with the epoch, the running loss and the last
 * validation MSE; one summary line per epoch stays on screen.
 */
public final class ConsoleProgress implements TrainingListener, AutoCloseable {
    private final PrintStream out;
    private final String label;
    private ProgressBar bar;
    private int epochs;
    private int epoch;
    private double lossSum;
    private int lossCount;
    private String lastVal = "-";

    public ConsoleProgress(PrintStream out, String label) {
        this.out = out;
        this.label = label;
    }

    @Override
    public void epochStarted(int epoch, int epochs, int steps) {
        if (bar == null) {
            bar = new ProgressBarBuilder().setTaskName(label).setInitialMax((long) epochs * steps)
                    .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(250)
                    .setConsumer(new ConsoleProgressBarConsumer(out)).build();
        } else if (epoch == 0) {
            // A second model trained in the same job (an inter-series model's ablation) extends the bar.
            bar.maxHint(bar.getMax() + (long) epochs * steps);
        }
        this.epochs = epochs;
        this.epoch = epoch;
        lossSum = 0;
        lossCount = 0;
    }

    @Override
    public void stepDone(double loss) {
        lossSum += loss;
        lossCount++;
        bar.step();
        bar.setExtraMessage(String.format(" epoch %d/%d loss %.4f val %s", epoch + 1, epochs, lossSum / lossCount, lastVal));
    }

    @Override
    public void epochDone(EpochStats s) {
        lastVal = String.format("%.4f", s.valMse());
        bar.setExtraMessage(String.format(" epoch %d/%d loss %.4f val %s%s", s.epoch() + 1, epochs, s.trainLoss(), lastVal,
                s.improved() ? " *" : ""));
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
        }
    }
}
