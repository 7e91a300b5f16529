package org.intformer.config;

import java.util.List;
import org.intformer.UserError;
import org.intformer.data.DateEncoding;

/**
 * The configuration keys of multi-series models (docs/CONFIG.md, "Inter-series model and date features"):
 * which model, its cross-series part, the date features of each step, and the season of the seasonal
 * baselines and MASE. One component of {@link TrainConfig}.
 *
 * @param model              "encoder" (docs/MODEL.md) or "inter-series"
 * @param crossSeries        attention across series; false trains the series-independent ablation
 * @param crossLayers        encoder layers across series
 * @param crossResidual      the cross-series output joins the context through a zero-started projection
 * @param crossFinetune     epochs of a second stage (0: none): the ablation is trained first, then the model starts
 *                           from its weights (the residual context's zero projection makes it forecast exactly as
 *                           the ablation) and trains this many epochs more at {@code crossFinetuneLr}
 * @param crossFinetuneLr   peak learning rate of that second stage
 * @param seriesEmbedding    a learned vector per series
 * @param positionalEncoding sinusoidal encodings of the per-series tokens
 * @param hourOfDay          date feature encodings (off, sincos, onehot)
 * @param holidays           calendar file of special days, or null
 * @param season             rows per season of the seasonal-naive baseline and MASE; 0 = from the time step
 * @param ablation           train the ablation next to an inter-series model and report it as metrics.ablation
 */
public record InterSeriesConfig(String model, boolean crossSeries, int crossLayers, boolean crossResidual,
                                int crossFinetune, double crossFinetuneLr, boolean seriesEmbedding,
                                boolean positionalEncoding, String hourOfDay, String dayOfWeek, String dayOfYear,
                                String monthOfYear, String holidays, int season, boolean ablation) implements java.io.Serializable {

    public static final String ENCODER = "encoder";
    public static final String INTER_SERIES = "inter-series";
    public static final List<String> MODELS = List.of(ENCODER, INTER_SERIES);

    public static InterSeriesConfig defaults() {
        return new InterSeriesConfig(ENCODER, true, 1, false, 0, 0.0005, true, true, "off", "off", "off", "off", null, 0, true);
    }

    public boolean interSeries() {
        return INTER_SERIES.equals(model);
    }

    /** Whether the model is trained in two stages, from its trained ablation (docs/MODEL.md, step 4). */
    public boolean warmStart() {
        return interSeries() && crossSeries && crossResidual && crossFinetune > 0;
    }

    /** Whether any date feature is asked for. */
    public boolean dateFeatures() {
        return holidays != null || !(hourOfDay.equals("off") && dayOfWeek.equals("off") && dayOfYear.equals("off")
                && monthOfYear.equals("off"));
    }

    /** Checks these keys together with the rest of the configuration. */
    void validate(TrainConfig c) {
        DateEncoding.parse(hourOfDay, "hour-of-day");
        DateEncoding.parse(dayOfWeek, "day-of-week");
        if (DateEncoding.parse(dayOfYear, "day-of-year") == DateEncoding.ONEHOT) {
            throw new UserError("day-of-year = onehot: 366 flags per step are not offered; use sincos");
        }
        DateEncoding.parse(monthOfYear, "month-of-year");
        if (holidays != null && holidays.isBlank()) {
            throw new UserError("holidays: empty path (leave it out for no calendar)");
        }
        if (season < 0) {
            throw new UserError("season = " + season + ": must be zero (from the time step) or positive");
        }
        if (crossFinetune < 0) {
            throw new UserError("cross-finetune = " + crossFinetune + ": must be zero (off) or a number of epochs");
        }
        if (!(crossFinetuneLr > 0) || Double.isInfinite(crossFinetuneLr)) {
            throw new UserError("cross-finetune-lr = " + crossFinetuneLr + ": must be positive");
        }
        // Like cross-residual, it means nothing to the ablation (cross-series: false), which ignores it.
        if (crossFinetune > 0 && !(interSeries() && (!crossSeries || crossResidual))) {
            throw new UserError("cross-finetune needs model: inter-series with cross-residual: true "
                    + "(the model starts from its ablation only through the zero-started context.cross)");
        }
        if (crossLayers < 1) {
            throw new UserError("cross-layers = " + crossLayers + ": must be a positive integer");
        }
        if (!interSeries()) {
            if (dateFeatures()) {
                throw new UserError("date features (hour-of-day, day-of-week, day-of-year, month-of-year, holidays) "
                        + "need model: inter-series; the encoder has none");
            }
            if (!positionalEncoding) {
                throw new UserError("positional-encoding: false needs model: inter-series (the encoder always uses it)");
            }
            return;
        }
        if (!c.features().equals("M")) {
            throw new UserError("model inter-series forecasts every series: needs features M, got " + c.features());
        }
    }
}
