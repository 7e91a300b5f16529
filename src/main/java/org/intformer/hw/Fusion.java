package org.intformer.hw;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.intformer.integer.IntModel;
import org.intformer.integer.IntOp;

/**
 * Which ops run as one step: a {@code Linear} whose result goes straight into an {@code Add} with a residual
 * and then, optionally, into a {@code ChannelAffine} (the post-norm residual block) is one MAC step whose drained
 * results pass through two more requantizers on their way to the buffer, so the elementwise ops cost no cycles
 * of their own. A chain is fused only when its intermediate tensors have no other reader, its ops are adjacent
 * in the model, and the device has the DSP slices for the extra requantizers.
 *
 * @param groups the fused chains, each the ops' indices in the model (first the Linear)
 */
record Fusion(List<Group> groups) {

    /** One fused chain: the Linear, the Add (or null), the ChannelAffine (or null), by op index. */
    record Group(int linear, IntOp.Linear lin, IntOp.Add add, IntOp.ChannelAffine affine, boolean chainIsA) {
        int last() {
            return linear + (add != null ? 1 : 0) + (affine != null ? 1 : 0);
        }

        /** The tensor the chain stores. */
        String output() {
            return affine != null ? affine.output() : add != null ? add.output() : lin.output();
        }

        /** The residual the Add reads beside the Linear's result (null without an Add). */
        String residual() {
            return add == null ? null : chainIsA ? add.b() : add.a();
        }
    }

    static final Fusion NONE = new Fusion(List.of());

    Fusion {
        groups = List.copyOf(groups);
    }

    /** The chains of {@code model} worth fusing on a device with {@code enabled} set. */
    static Fusion plan(IntModel model, boolean enabled) {
        if (!enabled) {
            return NONE;
        }
        List<IntOp> ops = model.ops();
        Map<String, Integer> readers = new HashMap<>();
        Map<String, String> root = new HashMap<>();
        for (IntOp op : ops) {
            for (String in : op.inputs()) {
                readers.merge(in, 1, Integer::sum);
            }
            String src = Storage.aliasOf(op, model);
            if (src != null) {
                root.put(op.outputs().get(0), root.getOrDefault(src, src));
            }
        }
        List<Group> groups = new ArrayList<>();
        for (int i = 0; i < ops.size(); i++) {
            if (!(ops.get(i) instanceof IntOp.Linear lin)) {
                continue;
            }
            IntOp.Add add = null;
            boolean chainIsA = true;
            String value = lin.output();
            int next = i + 1;
            if (next < ops.size() && ops.get(next) instanceof IntOp.Add a && readOnlyByNext(value, model, readers)
                    && !a.a().equals(a.b()) && (a.a().equals(value) || a.b().equals(value))) {
                add = a;
                chainIsA = a.a().equals(value);
                value = a.output();
                next++;
            }
            IntOp.ChannelAffine affine = null;
            if (add != null && next < ops.size() && ops.get(next) instanceof IntOp.ChannelAffine c && c.input().equals(value)
                    && readOnlyByNext(value, model, readers)) {
                affine = c;
            }
            // the residual is read beside the Linear's input: they must live in different buffers
            if (add != null && !root.getOrDefault(lin.input(), lin.input())
                    .equals(root.getOrDefault(chainIsA ? add.b() : add.a(), chainIsA ? add.b() : add.a()))) {
                groups.add(new Group(i, lin, add, affine, chainIsA));
                i = i + (affine != null ? 2 : 1);
            }
        }
        return new Fusion(groups);
    }

    /** A tensor only the next op of the chain reads: not the model's output, read exactly once. */
    private static boolean readOnlyByNext(String tensor, IntModel model, Map<String, Integer> readers) {
        return !tensor.equals(model.output()) && readers.getOrDefault(tensor, 0) == 1;
    }

    /** The group a Linear at {@code opIndex} heads, or null. */
    Group at(int opIndex) {
        for (Group g : groups) {
            if (g.linear() == opIndex) {
                return g;
            }
        }
        return null;
    }

    /** Op index → the index of the op that runs it (the head of its group, or itself). */
    int runsAt(int opIndex) {
        for (Group g : groups) {
            if (opIndex >= g.linear() && opIndex <= g.last()) {
                return g.linear();
            }
        }
        return opIndex;
    }

    /** The tensors a fused chain never stores (its intermediates). */
    Set<String> unstored() {
        Set<String> s = new HashSet<>();
        for (Group g : groups) {
            s.add(g.lin().output());
            if (g.affine() != null) {
                s.add(g.add().output());
            }
        }
        return s;
    }
}
