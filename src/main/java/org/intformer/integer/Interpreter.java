package org.intformer.integer;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.intformer.UserError;

/**
 * The golden model: runs an {@link IntModel} on one input window with {@code int}/{@code long} arithmetic
 * only (a test scans this class's bytecode for float and double), counting per op the values it clamped.
 * Every backend must reproduce its outputs bit for bit. Thread-safe: each run has its own buffers.
 */
public final class Interpreter {

    /**
     * The outcome of one window.
     *
     * @param output      the output tensor's integers (row-major)
     * @param saturations per op name, in model order, how many values were clamped
     * @param tensors     every tensor's integers by name (input first, then in production order) when asked
     *                    for, else empty
     */
    public record Result(int[] output, Map<String, Long> saturations, Map<String, int[]> tensors) {
        /** Clamped values over all ops. */
        public long totalSaturations() {
            return saturations.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    private final IntModel model;
    private final TensorSpec[] specs;
    private final int inputSlot;
    private final int[] extraSlots;
    private final int outputSlot;
    private final int[][] inputSlots;
    private final int[][] outputSlots;

    /** Prepares {@code model} (already validated and range-checked by its constructor). */
    public Interpreter(IntModel model) {
        this.model = model;
        Map<String, Integer> slots = new HashMap<>();
        specs = model.tensors().values().toArray(new TensorSpec[0]);
        for (int i = 0; i < specs.length; i++) {
            slots.put(specs[i].name(), i);
        }
        inputSlot = slots.get(model.input());
        extraSlots = model.extraInputs().stream().mapToInt(slots::get).toArray();
        outputSlot = slots.get(model.output());
        List<IntOp> ops = model.ops();
        inputSlots = new int[ops.size()][];
        outputSlots = new int[ops.size()][];
        for (int i = 0; i < ops.size(); i++) {
            inputSlots[i] = ops.get(i).inputs().stream().mapToInt(slots::get).toArray();
            outputSlots[i] = ops.get(i).outputs().stream().mapToInt(slots::get).toArray();
        }
    }

    public IntModel model() {
        return model;
    }

    /** Runs one window; only the output and the saturation counts are kept. */
    public Result run(int[] window) {
        return run(window, false);
    }

    /**
     * Runs one window.
     *
     * @param window       the input tensor's integers, row-major [L, m], each inside the input's range
     * @param keepTensors  whether to return every intermediate tensor too
     * @throws UserError if the window has the wrong length or a value outside the input's range
     */
    public Result run(int[] window, boolean keepTensors) {
        return run(List.of(window), keepTensors);
    }

    /**
     * Runs one window of a model with extra inputs (IR version 2: the date features of the window's steps).
     *
     * @param inputs the input window, then one array per {@link IntModel#extraInputs()} in that order, each
     *               row-major and inside its tensor's range
     */
    public Result run(List<int[]> inputs, boolean keepTensors) {
        if (inputs.size() != 1 + extraSlots.length) {
            throw new UserError("the model reads " + (1 + extraSlots.length) + " input tensors ('" + model.input() + "'"
                    + (extraSlots.length == 0 ? "" : " and " + model.extraInputs()) + "), given " + inputs.size());
        }
        int[][] values = new int[specs.length][];
        values[inputSlot] = checkedInput(specs[inputSlot], inputs.get(0), "input window");
        for (int e = 0; e < extraSlots.length; e++) {
            values[extraSlots[e]] = checkedInput(specs[extraSlots[e]], inputs.get(e + 1), "input");
        }
        Map<String, Long> saturations = new LinkedHashMap<>();
        List<IntOp> ops = model.ops();
        for (int i = 0; i < ops.size(); i++) {
            int[] outs = outputSlots[i];
            for (int slot : outs) {
                values[slot] = new int[specs[slot].size()];
            }
            saturations.put(ops.get(i).name(), execute(ops.get(i), inputSlots[i], outs, values));
        }
        Map<String, int[]> tensors = Collections.emptyMap();
        if (keepTensors) {
            tensors = new LinkedHashMap<>();
            tensors.put(specs[inputSlot].name(), values[inputSlot]);
            for (int slot : extraSlots) {
                tensors.put(specs[slot].name(), values[slot]);
            }
            for (int[] outs : outputSlots) {
                for (int slot : outs) {
                    tensors.put(specs[slot].name(), values[slot]);
                }
            }
            tensors = Collections.unmodifiableMap(tensors);
        }
        return new Result(values[outputSlot], Collections.unmodifiableMap(saturations), tensors);
    }

    /** A copy of {@code values} after checking its length and range against the input tensor {@code in}. */
    private static int[] checkedInput(TensorSpec in, int[] values, String what) {
        if (values.length != in.size()) {
            throw new UserError(what + " has " + values.length + " values, the model's input '" + in.name()
                    + "' " + in.shape() + " needs " + in.size());
        }
        for (int i = 0; i < values.length; i++) {
            if (values[i] < in.min() || values[i] > in.max()) {
                throw new UserError("input value " + values[i] + " at index " + i + " outside the " + in.rangeText()
                        + " of '" + in.name() + "'");
            }
        }
        return values.clone();
    }

    /**
     * Runs many windows, split into {@code threads} contiguous chunks run in parallel. Integer results do not
     * depend on the split, so any thread count gives the same results, in window order.
     *
     * @throws UserError for the first bad window, naming its index
     */
    public List<Result> runAll(List<int[]> windows, int threads) {
        return runAllInputs(windows.stream().map(List::of).toList(), threads);
    }

    /** {@link #runAll} for models with extra inputs: per window, the arrays {@link #run(List, boolean)} takes. */
    public List<Result> runAllInputs(List<List<int[]>> windows, int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be ≥ 1, got " + threads);
        }
        Result[] results = new Result[windows.size()];
        int chunks = Math.min(threads, Math.max(1, windows.size()));
        if (chunks == 1) {
            runRange(windows, results, 0, windows.size());
            return List.of(results);
        }
        ExecutorService pool = Executors.newFixedThreadPool(chunks);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int c = 0; c < chunks; c++) {
                int from = (int) ((long) windows.size() * c / chunks);
                int to = (int) ((long) windows.size() * (c + 1) / chunks);
                futures.add(pool.submit(() -> runRange(windows, results, from, to)));
            }
            for (Future<?> f : futures) {
                // Future.get() of a task that has already finished ignores a pending interrupt; check it ourselves so
                // an interrupted caller is told so whether or not the windows happened to be done.
                if (Thread.interrupted()) {
                    throw new InterruptedException();
                }
                f.get();
            }
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running windows", e);
        } finally {
            pool.shutdownNow();
        }
        return List.of(results);
    }

    /** Clamped values per op, summed over {@code results}, in model order. */
    public static Map<String, Long> totalSaturations(List<Result> results) {
        Map<String, Long> total = new LinkedHashMap<>();
        for (Result r : results) {
            r.saturations().forEach((op, n) -> total.merge(op, n, Long::sum));
        }
        return total;
    }

    private void runRange(List<List<int[]>> windows, Result[] results, int from, int to) {
        for (int w = from; w < to; w++) {
            try {
                results[w] = run(windows.get(w), false);
            } catch (UserError e) {
                throw new UserError("window " + w + ": " + e.getMessage());
            }
        }
    }

    /** The group count of a tensor that has a leading group axis at rank {@code groupedRank}, else 1. */
    private static int groups(TensorSpec t, int groupedRank) {
        return t.rank() == groupedRank ? t.dim(0) : 1;
    }

    /** Values of {@code t} from {@code axis} on: one block of a join along that axis. */
    private static int block(TensorSpec t, int axis) {
        int n = 1;
        for (int i = axis; i < t.rank(); i++) {
            n *= t.dim(i);
        }
        return n;
    }

    private long execute(IntOp op, int[] in, int[] out, int[][] v) {
        TensorSpec x = specs[in[0]];
        TensorSpec y = specs[out[0]];
        if (op instanceof IntOp.RelativeInput) {
            return Kernels.relativeInput(v[in[0]], x.dim(1), v[out[0]], y.min(), y.max(), v[out[1]]);
        } else if (op instanceof IntOp.Linear l) {
            return Kernels.linear(l, v[in[0]], x.zeroPoint(), v[out[0]], y.zeroPoint());
        } else if (op instanceof IntOp.Add a) {
            return Kernels.add(a, v[in[0]], x.zeroPoint(), v[in[1]], specs[in[1]].zeroPoint(), v[out[0]], y.zeroPoint(),
                    y.min(), y.max());
        } else if (op instanceof IntOp.ChannelAffine c) {
            return Kernels.channelAffine(c, v[in[0]], x.zeroPoint(), v[out[0]], y.zeroPoint(), y.min(), y.max());
        } else if (op instanceof IntOp.AttentionScores s) {
            return Kernels.attentionScores(s, groups(x, 3), v[in[0]], x.zeroPoint(), v[in[1]], specs[in[1]].zeroPoint(),
                    x.dim(-1), v[out[0]], y.zeroPoint(), y.min(), y.max());
        } else if (op instanceof IntOp.Softmax s) {
            return Kernels.softmax(s, v[in[0]], x.dim(-1), v[out[0]], y.max());
        } else if (op instanceof IntOp.AttentionApply a) {
            TensorSpec value = specs[in[1]];
            return Kernels.attentionApply(a, groups(value, 3), v[in[0]], x.dim(-3), v[in[1]], value.zeroPoint(),
                    value.dim(-1), v[out[0]], y.zeroPoint(), y.min(), y.max());
        } else if (op instanceof IntOp.MeanTokens m) {
            return Kernels.meanTokens(m, groups(x, 3), v[in[0]], x.zeroPoint(), v[out[0]], y.zeroPoint(), y.min(), y.max());
        } else if (op instanceof IntOp.LastToken) {
            return Kernels.lastToken(groups(x, 3), v[in[0]], v[out[0]]);
        } else if (op instanceof IntOp.Transpose) {
            return Kernels.transpose(v[in[0]], x.dim(0), x.dim(1), v[out[0]]);
        } else if (op instanceof IntOp.Slice s) {
            return Kernels.slice(v[in[0]], s.from(), x.size() / x.dim(0), v[out[0]]);
        } else if (op instanceof IntOp.Concat c) {
            TensorSpec b = specs[in[1]];
            return Kernels.concat(v[in[0]], block(x, c.axis()), v[in[1]], block(b, c.axis()), v[out[0]]);
        } else if (op instanceof IntOp.BroadcastAdd b) {
            return Kernels.broadcastAdd(b, b.blocks(x), v[in[0]], x.zeroPoint(), v[in[1]], specs[in[1]].zeroPoint(),
                    v[out[0]], y.zeroPoint(), y.min(), y.max());
        } else if (op instanceof IntOp.Reshape) {
            return Kernels.reshape(v[in[0]], v[out[0]]);
        } else if (op instanceof IntOp.AddBack b) {
            return Kernels.addBack(b, v[in[0]], v[in[1]], v[out[0]], y.min(), y.max());
        }
        throw new IllegalStateException("no kernel for " + op.kind());
    }
}
