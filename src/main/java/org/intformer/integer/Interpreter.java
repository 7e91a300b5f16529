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
        TensorSpec in = specs[inputSlot];
        if (window.length != in.size()) {
            throw new UserError("input window has " + window.length + " values, the model's input '" + in.name()
                    + "' " + in.shape() + " needs " + in.size());
        }
        for (int i = 0; i < window.length; i++) {
            if (window[i] < in.min() || window[i] > in.max()) {
                throw new UserError("input value " + window[i] + " at index " + i + " outside the " + in.rangeText()
                        + " of '" + in.name() + "'");
            }
        }
        int[][] values = new int[specs.length][];
        values[inputSlot] = window.clone();
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
            for (int[] outs : outputSlots) {
                for (int slot : outs) {
                    tensors.put(specs[slot].name(), values[slot]);
                }
            }
            tensors = Collections.unmodifiableMap(tensors);
        }
        return new Result(values[outputSlot], Collections.unmodifiableMap(saturations), tensors);
    }

    /**
     * Runs many windows, split into {@code threads} contiguous chunks run in parallel. Integer results do not
     * depend on the split, so any thread count gives the same results, in window order.
     *
     * @throws UserError for the first bad window, naming its index
     */
    public List<Result> runAll(List<int[]> windows, int threads) {
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

    private void runRange(List<int[]> windows, Result[] results, int from, int to) {
        for (int w = from; w < to; w++) {
            try {
                results[w] = run(windows.get(w));
            } catch (UserError e) {
                throw new UserError("window " + w + ": " + e.getMessage());
            }
        }
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
            return Kernels.attentionScores(s, v[in[0]], x.zeroPoint(), v[in[1]], specs[in[1]].zeroPoint(), x.dim(1),
                    v[out[0]], y.zeroPoint(), y.min(), y.max());
        } else if (op instanceof IntOp.Softmax s) {
            return Kernels.softmax(s, v[in[0]], x.dim(-1), v[out[0]], y.max());
        } else if (op instanceof IntOp.AttentionApply a) {
            TensorSpec value = specs[in[1]];
            return Kernels.attentionApply(a, v[in[0]], x.dim(0), v[in[1]], value.zeroPoint(), value.dim(1),
                    v[out[0]], y.zeroPoint(), y.min(), y.max());
        } else if (op instanceof IntOp.MeanTokens m) {
            return Kernels.meanTokens(m, v[in[0]], x.zeroPoint(), v[out[0]], y.zeroPoint(), y.min(), y.max());
        } else if (op instanceof IntOp.LastToken) {
            return Kernels.lastToken(v[in[0]], v[out[0]]);
        } else if (op instanceof IntOp.Reshape) {
            return Kernels.reshape(v[in[0]], v[out[0]]);
        } else if (op instanceof IntOp.AddBack b) {
            return Kernels.addBack(b, v[in[0]], v[in[1]], v[out[0]], y.min(), y.max());
        }
        throw new IllegalStateException("no kernel for " + op.kind());
    }
}
