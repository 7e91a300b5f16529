package org.intformer.tensor;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * Register-tiled kernels on the Vector API, bit-identical to {@link ScalarKernels}.
 *
 * <p>A tile of C (4 rows × 4 vectors, 8 × 2, down to 1 × 1) stays in registers for the whole k loop: each step
 * broadcasts one A element per row and multiplies it with a row of B, so every element is still
 * {@code fma(a[i,p], b[p,j], c)} for p ascending, only 8 elements at a time. Columns left over after whole vectors run the same fma chain in
 * scalar code. There are no lane reductions, so the vector width never changes the bits.
 *
 * <p>Load this class only through {@link KernelsFactory}: it needs the jdk.incubator.vector module.
 */
public final class VectorKernels implements Kernels {
    /**
     * One float shape for everything, at most 256 bits. The workload's widths are multiples of 8, which 512-bit
     * vectors would leave to tails; and in JDK 17 a second float shape in the same JVM pollutes the Vector API's
     * shared profiles, after which C2 recompiles every kernel without intrinsics (measured: 95 → 5 GFLOP/s).
     * Code elsewhere that uses FloatVector should use this species too.
     */
    public static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED.vectorBitSize() >= 256
            ? FloatVector.SPECIES_256 : FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Float> S = SPECIES;
    private static final int L = S.length();
    /** Ints of {@link #S}'s shape (codes and masks lane for lane); a constant, so that C2 compiles their operations. */
    private static final VectorSpecies<Integer> INTS = S.vectorShape().withLanes(int.class);
    /** Floats of B kept hot per column panel: k × panel width stays within L1/L2 across the row tiles. */
    private static final int PANEL_FLOATS = 16 * 1024;
    private static final ThreadLocal<float[][]> PACK = ThreadLocal.withInitial(() -> new float[1][0]);

    @Override
    public void gemm(int m, int n, int k, float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                     float[] c, int cOff, int ldc, boolean accumulate) {
        gemmStrided(m, n, k, a, aOff, lda, 1, b, bOff, ldb, c, cOff, ldc, accumulate);
    }

    @Override
    public void gemmTransA(int m, int n, int k, float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                           float[] c, int cOff, int ldc, boolean accumulate) {
        // A broadcast reads one element whatever the layout, so Aᵀ costs only a different stride.
        gemmStrided(m, n, k, a, aOff, 1, lda, b, bOff, ldb, c, cOff, ldc, accumulate);
    }

    @Override
    public void gemmTransB(int m, int n, int k, float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                           float[] c, int cOff, int ldc, boolean accumulate) {
        // B rows must be contiguous vectors: pack Bᵀ once (k·n copies against m·k·n fmas).
        float[][] holder = PACK.get();
        int size = k * n;
        if (holder[0].length < size) {
            holder[0] = new float[size];
        }
        float[] bt = holder[0];
        for (int j = 0; j < n; j++) {
            int bj = bOff + j * ldb;
            for (int p = 0; p < k; p++) {
                bt[p * n + j] = b[bj + p];
            }
        }
        gemmStrided(m, n, k, a, aOff, lda, 1, bt, 0, n, c, cOff, ldc, accumulate);
    }

    /**
     * A element (i, p) at aOff + i·rs + p·cs. Columns go in blocks of 4 vectors (4 × 4 tiles: 16 accumulators, a
     * broadcast feeds 4 fmas), then one block of 2 (8 × 2 tiles, leftover rows one at a time), then 1, then scalar; AVX-512 machines give C2 32
     * vector registers, which these tiles need (measured on 256-bit vectors: 4 × 4 at 120 GFLOP/s where 4 × 2 ran at
     * 55-105, 8 × 2 at 110 where 4 × 2 ran at 98).
     */
    private static void gemmStrided(int m, int n, int k, float[] a, int aOff, int rs, int cs,
                                    float[] b, int bOff, int ldb, float[] c, int cOff, int ldc, boolean acc) {
        if (m <= 0 || n <= 0) {
            return;
        }
        int w2 = 2 * L;
        int w4 = 4 * L;
        int panel = Math.max(w4, PANEL_FLOATS / Math.max(k, 1) / w4 * w4);
        for (int j0 = 0; j0 < n; j0 += panel) {
            int j1 = Math.min(n, j0 + panel);
            int jv4 = j0 + (j1 - j0) / w4 * w4;
            int jv2 = jv4 + (j1 - jv4) / w2 * w2;
            int jv1 = jv2 + (j1 - jv2) / L * L;
            if (j0 < jv4) {
                int i = 0;
                for (; i + 4 <= m; i += 4) {
                    for (int j = j0; j < jv4; j += w4) {
                        tile4x4(k, a, aOff + i * rs, rs, cs, b, bOff + j, ldb, c, cOff + i * ldc + j, ldc, acc);
                    }
                }
                for (; i < m; i++) {
                    for (int j = j0; j < jv4; j += w2) {
                        tile1x2(k, a, aOff + i * rs, cs, b, bOff + j, ldb, c, cOff + i * ldc + j, acc);
                    }
                }
            }
            if (jv4 < jv2) {
                int i = 0;
                for (; i + 8 <= m; i += 8) {
                    tile8x2(k, a, aOff + i * rs, rs, cs, b, bOff + jv4, ldb, c, cOff + i * ldc + jv4, ldc, acc);
                }
                for (; i < m; i++) {
                    tile1x2(k, a, aOff + i * rs, cs, b, bOff + jv4, ldb, c, cOff + i * ldc + jv4, acc);
                }
            }
            if (jv2 < jv1) {
                int i = 0;
                for (; i + 4 <= m; i += 4) {
                    tile4x1(k, a, aOff + i * rs, rs, cs, b, bOff + jv2, ldb, c, cOff + i * ldc + jv2, ldc, acc);
                }
                for (; i < m; i++) {
                    tile1x1(k, a, aOff + i * rs, cs, b, bOff + jv2, ldb, c, cOff + i * ldc + jv2, acc);
                }
            }
            if (jv1 < j1) {
                scalarTile(m, j1 - jv1, k, a, aOff, rs, cs, b, bOff + jv1, ldb, c, cOff + jv1, ldc, acc);
            }
        }
    }

    private static void tile4x4(int k, float[] a, int a0, int rs, int cs, float[] b, int b0, int ldb,
                                float[] c, int c0, int ldc, boolean acc) {
        int c1 = c0 + ldc;
        int c2 = c1 + ldc;
        int c3 = c2 + ldc;
        FloatVector z = FloatVector.zero(S);
        FloatVector r00 = acc ? FloatVector.fromArray(S, c, c0) : z;
        FloatVector r01 = acc ? FloatVector.fromArray(S, c, c0 + L) : z;
        FloatVector r02 = acc ? FloatVector.fromArray(S, c, c0 + 2 * L) : z;
        FloatVector r03 = acc ? FloatVector.fromArray(S, c, c0 + 3 * L) : z;
        FloatVector r10 = acc ? FloatVector.fromArray(S, c, c1) : z;
        FloatVector r11 = acc ? FloatVector.fromArray(S, c, c1 + L) : z;
        FloatVector r12 = acc ? FloatVector.fromArray(S, c, c1 + 2 * L) : z;
        FloatVector r13 = acc ? FloatVector.fromArray(S, c, c1 + 3 * L) : z;
        FloatVector r20 = acc ? FloatVector.fromArray(S, c, c2) : z;
        FloatVector r21 = acc ? FloatVector.fromArray(S, c, c2 + L) : z;
        FloatVector r22 = acc ? FloatVector.fromArray(S, c, c2 + 2 * L) : z;
        FloatVector r23 = acc ? FloatVector.fromArray(S, c, c2 + 3 * L) : z;
        FloatVector r30 = acc ? FloatVector.fromArray(S, c, c3) : z;
        FloatVector r31 = acc ? FloatVector.fromArray(S, c, c3 + L) : z;
        FloatVector r32 = acc ? FloatVector.fromArray(S, c, c3 + 2 * L) : z;
        FloatVector r33 = acc ? FloatVector.fromArray(S, c, c3 + 3 * L) : z;
        int a1 = a0 + rs;
        int a2 = a1 + rs;
        int a3 = a2 + rs;
        for (int p = 0, ap = 0, bp = b0; p < k; p++, ap += cs, bp += ldb) {
            FloatVector x0 = FloatVector.fromArray(S, b, bp);
            FloatVector x1 = FloatVector.fromArray(S, b, bp + L);
            FloatVector x2 = FloatVector.fromArray(S, b, bp + 2 * L);
            FloatVector x3 = FloatVector.fromArray(S, b, bp + 3 * L);
            FloatVector v = FloatVector.broadcast(S, a[a0 + ap]);
            r00 = v.fma(x0, r00);
            r01 = v.fma(x1, r01);
            r02 = v.fma(x2, r02);
            r03 = v.fma(x3, r03);
            v = FloatVector.broadcast(S, a[a1 + ap]);
            r10 = v.fma(x0, r10);
            r11 = v.fma(x1, r11);
            r12 = v.fma(x2, r12);
            r13 = v.fma(x3, r13);
            v = FloatVector.broadcast(S, a[a2 + ap]);
            r20 = v.fma(x0, r20);
            r21 = v.fma(x1, r21);
            r22 = v.fma(x2, r22);
            r23 = v.fma(x3, r23);
            v = FloatVector.broadcast(S, a[a3 + ap]);
            r30 = v.fma(x0, r30);
            r31 = v.fma(x1, r31);
            r32 = v.fma(x2, r32);
            r33 = v.fma(x3, r33);
        }
        r00.intoArray(c, c0);
        r01.intoArray(c, c0 + L);
        r02.intoArray(c, c0 + 2 * L);
        r03.intoArray(c, c0 + 3 * L);
        r10.intoArray(c, c1);
        r11.intoArray(c, c1 + L);
        r12.intoArray(c, c1 + 2 * L);
        r13.intoArray(c, c1 + 3 * L);
        r20.intoArray(c, c2);
        r21.intoArray(c, c2 + L);
        r22.intoArray(c, c2 + 2 * L);
        r23.intoArray(c, c2 + 3 * L);
        r30.intoArray(c, c3);
        r31.intoArray(c, c3 + L);
        r32.intoArray(c, c3 + 2 * L);
        r33.intoArray(c, c3 + 3 * L);
    }

    private static void tile8x2(int k, float[] a, int a0, int rs, int cs, float[] b, int b0, int ldb,
                                float[] c, int c0, int ldc, boolean acc) {
        int c1 = c0 + ldc;
        int c2 = c1 + ldc;
        int c3 = c2 + ldc;
        int c4 = c3 + ldc;
        int c5 = c4 + ldc;
        int c6 = c5 + ldc;
        int c7 = c6 + ldc;
        FloatVector z = FloatVector.zero(S);
        FloatVector r00 = acc ? FloatVector.fromArray(S, c, c0) : z;
        FloatVector r01 = acc ? FloatVector.fromArray(S, c, c0 + L) : z;
        FloatVector r10 = acc ? FloatVector.fromArray(S, c, c1) : z;
        FloatVector r11 = acc ? FloatVector.fromArray(S, c, c1 + L) : z;
        FloatVector r20 = acc ? FloatVector.fromArray(S, c, c2) : z;
        FloatVector r21 = acc ? FloatVector.fromArray(S, c, c2 + L) : z;
        FloatVector r30 = acc ? FloatVector.fromArray(S, c, c3) : z;
        FloatVector r31 = acc ? FloatVector.fromArray(S, c, c3 + L) : z;
        FloatVector r40 = acc ? FloatVector.fromArray(S, c, c4) : z;
        FloatVector r41 = acc ? FloatVector.fromArray(S, c, c4 + L) : z;
        FloatVector r50 = acc ? FloatVector.fromArray(S, c, c5) : z;
        FloatVector r51 = acc ? FloatVector.fromArray(S, c, c5 + L) : z;
        FloatVector r60 = acc ? FloatVector.fromArray(S, c, c6) : z;
        FloatVector r61 = acc ? FloatVector.fromArray(S, c, c6 + L) : z;
        FloatVector r70 = acc ? FloatVector.fromArray(S, c, c7) : z;
        FloatVector r71 = acc ? FloatVector.fromArray(S, c, c7 + L) : z;
        int a1 = a0 + rs;
        int a2 = a1 + rs;
        int a3 = a2 + rs;
        int a4 = a3 + rs;
        int a5 = a4 + rs;
        int a6 = a5 + rs;
        int a7 = a6 + rs;
        for (int p = 0, ap = 0, bp = b0; p < k; p++, ap += cs, bp += ldb) {
            FloatVector x0 = FloatVector.fromArray(S, b, bp);
            FloatVector x1 = FloatVector.fromArray(S, b, bp + L);
            FloatVector v = FloatVector.broadcast(S, a[a0 + ap]);
            r00 = v.fma(x0, r00);
            r01 = v.fma(x1, r01);
            v = FloatVector.broadcast(S, a[a1 + ap]);
            r10 = v.fma(x0, r10);
            r11 = v.fma(x1, r11);
            v = FloatVector.broadcast(S, a[a2 + ap]);
            r20 = v.fma(x0, r20);
            r21 = v.fma(x1, r21);
            v = FloatVector.broadcast(S, a[a3 + ap]);
            r30 = v.fma(x0, r30);
            r31 = v.fma(x1, r31);
            v = FloatVector.broadcast(S, a[a4 + ap]);
            r40 = v.fma(x0, r40);
            r41 = v.fma(x1, r41);
            v = FloatVector.broadcast(S, a[a5 + ap]);
            r50 = v.fma(x0, r50);
            r51 = v.fma(x1, r51);
            v = FloatVector.broadcast(S, a[a6 + ap]);
            r60 = v.fma(x0, r60);
            r61 = v.fma(x1, r61);
            v = FloatVector.broadcast(S, a[a7 + ap]);
            r70 = v.fma(x0, r70);
            r71 = v.fma(x1, r71);
        }
        r00.intoArray(c, c0);
        r01.intoArray(c, c0 + L);
        r10.intoArray(c, c1);
        r11.intoArray(c, c1 + L);
        r20.intoArray(c, c2);
        r21.intoArray(c, c2 + L);
        r30.intoArray(c, c3);
        r31.intoArray(c, c3 + L);
        r40.intoArray(c, c4);
        r41.intoArray(c, c4 + L);
        r50.intoArray(c, c5);
        r51.intoArray(c, c5 + L);
        r60.intoArray(c, c6);
        r61.intoArray(c, c6 + L);
        r70.intoArray(c, c7);
        r71.intoArray(c, c7 + L);
    }

    private static void tile4x1(int k, float[] a, int a0, int rs, int cs, float[] b, int b0, int ldb,
                                float[] c, int c0, int ldc, boolean acc) {
        int c1 = c0 + ldc;
        int c2 = c1 + ldc;
        int c3 = c2 + ldc;
        FloatVector z = FloatVector.zero(S);
        FloatVector r0 = acc ? FloatVector.fromArray(S, c, c0) : z;
        FloatVector r1 = acc ? FloatVector.fromArray(S, c, c1) : z;
        FloatVector r2 = acc ? FloatVector.fromArray(S, c, c2) : z;
        FloatVector r3 = acc ? FloatVector.fromArray(S, c, c3) : z;
        int a1 = a0 + rs;
        int a2 = a1 + rs;
        int a3 = a2 + rs;
        for (int p = 0, ap = 0, bp = b0; p < k; p++, ap += cs, bp += ldb) {
            FloatVector x = FloatVector.fromArray(S, b, bp);
            r0 = FloatVector.broadcast(S, a[a0 + ap]).fma(x, r0);
            r1 = FloatVector.broadcast(S, a[a1 + ap]).fma(x, r1);
            r2 = FloatVector.broadcast(S, a[a2 + ap]).fma(x, r2);
            r3 = FloatVector.broadcast(S, a[a3 + ap]).fma(x, r3);
        }
        r0.intoArray(c, c0);
        r1.intoArray(c, c1);
        r2.intoArray(c, c2);
        r3.intoArray(c, c3);
    }

    private static void tile1x2(int k, float[] a, int a0, int cs, float[] b, int b0, int ldb,
                                float[] c, int c0, boolean acc) {
        FloatVector z = FloatVector.zero(S);
        FloatVector r0 = acc ? FloatVector.fromArray(S, c, c0) : z;
        FloatVector r1 = acc ? FloatVector.fromArray(S, c, c0 + L) : z;
        for (int p = 0, ap = a0, bp = b0; p < k; p++, ap += cs, bp += ldb) {
            FloatVector v = FloatVector.broadcast(S, a[ap]);
            r0 = v.fma(FloatVector.fromArray(S, b, bp), r0);
            r1 = v.fma(FloatVector.fromArray(S, b, bp + L), r1);
        }
        r0.intoArray(c, c0);
        r1.intoArray(c, c0 + L);
    }

    private static void tile1x1(int k, float[] a, int a0, int cs, float[] b, int b0, int ldb,
                                float[] c, int c0, boolean acc) {
        FloatVector r = acc ? FloatVector.fromArray(S, c, c0) : FloatVector.zero(S);
        for (int p = 0, ap = a0, bp = b0; p < k; p++, ap += cs, bp += ldb) {
            r = FloatVector.broadcast(S, a[ap]).fma(FloatVector.fromArray(S, b, bp), r);
        }
        r.intoArray(c, c0);
    }

    /** Fewer than L columns: the same per-element fma chain, one element at a time. */
    private static void scalarTile(int rows, int cols, int k, float[] a, int a0, int rs, int cs,
                                   float[] b, int b0, int ldb, float[] c, int c0, int ldc, boolean acc) {
        for (int r = 0; r < rows; r++) {
            int ar = a0 + r * rs;
            int cr = c0 + r * ldc;
            for (int j = 0; j < cols; j++) {
                float s = acc ? c[cr + j] : 0f;
                for (int p = 0, ap = ar, bp = b0 + j; p < k; p++, ap += cs, bp += ldb) {
                    s = Math.fma(a[ap], b[bp], s);
                }
                c[cr + j] = s;
            }
        }
    }

    /*
     * exp and tanh repeat FastMath's operations lane-wise, in the same order. The exp sequence is written out in
     * both loops on purpose: as a shared helper, C2 compiles it on its own, then refuses to inline the large
     * compiled body and boxes every vector (40x slower).
     */
    /** Elements per block of {@link #fakeQuant}: the groups that need the exact path fit one long's bits. */
    private static final int FQ_BLOCK = 64 * L;
    /** Adding then subtracting 1.5·2^23 rounds a float of magnitude below 2^22 to the nearest integer, exactly. */
    private static final float ROUND_MAGIC = 0x1.8p23f;
    /** Bounds on |lo|, |hi| and |z| for the float path: codes and bounds stay exact floats far below 2^22. */
    private static final double FQ_FLOAT_LIMIT = 0x1p20;
    private static final ThreadLocal<int[]> FQ_CODES = ThreadLocal.withInitial(() -> new int[2 * FQ_BLOCK]);
    private static final ThreadLocal<float[][]> FQ_LEVELS = ThreadLocal.withInitial(() -> new float[1][0]);

    /**
     * Eight floats at a time, with the scalar code's result proven for each lane or else computed by the scalar
     * code. A lane computes f = x·(float) (mul/S) and its nearest integer r = (f + 1.5·2^23) − 1.5·2^23. f differs
     * from the double quotient d = x·mul/S that the scalar code rounds by less than |d|·2^−22.9 (three roundings to
     * float and double), which is below |f|·2^−21; so when |f − r| + |f|·2^−21 &lt; ½ − 2^−20 (one fma: its rounding
     * keeps the sum below ½), d lies strictly inside (r − ½, r + ½) and roundHalfAway(d) is r. The same test fails
     * for |f| ≥ 2^20, so r is exact and sits in the low mantissa bits of f + 1.5·2^23. The code r + z is clamped to
     * [lo − 1, hi + 1] in int lanes: rounding is monotone and fixes integers, so clamping after rounding gives the
     * scalar code's clamp of d. A group of eight with any other lane (a half within reach, NaN, a product out of float
     * range or beyond 2^20) is redone by the scalar code, as is the tail; so are calls whose ranges or scales the
     * bound does not cover. y = (float) (S·(code − z)) is a float product when S is a float, else a table lookup or
     * the scalar code's expression in a plain loop. (Int lanes clamp in one instruction each; float min and max,
     * with Java's NaN and −0 rules, take several on JDK 17.)
     */
    @Override
    public void fakeQuant(float[] x, int off, int len, double mul, double s, int z, int lo, int hi, int[] raw, int rawOff, float[] y) {
        double m = mul / s;
        if (!(m >= 0x1p-100 && m <= 0x1p100) || Math.abs((double) lo) > FQ_FLOAT_LIMIT
                || Math.abs((double) hi) > FQ_FLOAT_LIMIT || Math.abs((double) z) > FQ_FLOAT_LIMIT) {
            ScalarKernelsHolder.SCALAR.fakeQuant(x, off, len, mul, s, z, lo, hi, raw, rawOff, y);
            return;
        }
        // Every constant broadcast once: scalar operands inside the loop are not all compiled to instructions on JDK 17.
        FloatVector vm = FloatVector.broadcast(S, (float) m);
        FloatVector magic = FloatVector.broadcast(S, ROUND_MAGIC);
        FloatVector sure = FloatVector.broadcast(S, 0.5f - 0x1p-20f);
        FloatVector relative = FloatVector.broadcast(S, 0x1p-21f);
        // The rounded value sits in the low mantissa bits of f + magic: code = bits − bits(magic) + z, no conversion
        // (JDK 17 does not compile float-to-int vector conversions to instructions).
        IntVector codeOffset = IntVector.broadcast(INTS, z - Float.floatToRawIntBits(ROUND_MAGIC));
        IntVector rawLo = IntVector.broadcast(INTS, lo - 1);
        IntVector rawHi = IntVector.broadcast(INTS, hi + 1);
        IntVector codeLo = IntVector.broadcast(INTS, lo);
        IntVector codeHi = IntVector.broadcast(INTS, hi);
        IntVector zero = IntVector.broadcast(INTS, z);
        int[] scratch = FQ_CODES.get();
        int[] codes = raw != null ? raw : scratch;
        // When S is a float (a learned step size is the exp of a float), S·(code − z) is exact in double (at most
        // 24 + 22 bits) and rounds to the float product's bits: the output is one multiplication per lane.
        boolean floatScale = y != null && (double) (float) s == s;
        FloatVector vs = FloatVector.broadcast(S, (float) s);
        // Otherwise it takes one of hi − lo + 1 values: a table of them, when the call is long enough to repay it.
        int levels = hi - lo + 1;
        float[] table = null;
        if (y != null && !floatScale && levels <= len / 4) {
            float[][] holder = FQ_LEVELS.get();
            if (holder[0].length < levels) {
                holder[0] = new float[levels];
            }
            table = holder[0];
            for (int k = 0; k < levels; k++) {
                table[k] = (float) (s * ((double) (lo + k) - z));
            }
        }
        for (int b0 = 0; b0 < len; b0 += FQ_BLOCK) {
            int n = Math.min(FQ_BLOCK, len - b0);
            int base = off + b0;
            int cOff = raw != null ? rawOff + b0 : 0;
            int bound = S.loopBound(n);
            long redo = 0;
            for (int i = 0; i < bound; i += L) {
                FloatVector f = FloatVector.fromArray(S, x, base + i).mul(vm);
                FloatVector shifted = f.add(magic);
                // NaN compares false, so it is never "sure".
                if (!f.abs().fma(relative, f.sub(shifted.sub(magic)).abs()).compare(VectorOperators.LT, sure).allTrue()) {
                    redo |= 1L << (i / L);
                }
                IntVector code = shifted.reinterpretAsInts().add(codeOffset).max(rawLo).min(rawHi);
                code.intoArray(codes, cOff + i);
                if (floatScale) {
                    ((FloatVector) code.max(codeLo).min(codeHi).sub(zero).convertShape(VectorOperators.I2F, S, 0)).mul(vs)
                            .intoArray(y, base + i);
                } else if (table != null) {
                    code.max(codeLo).min(codeHi).sub(codeLo).intoArray(scratch, FQ_BLOCK + i);
                }
            }
            if (table != null) {
                for (int i = 0; i < bound; i++) {
                    y[base + i] = table[scratch[FQ_BLOCK + i]];
                }
            }
            if (table == null && y != null && !floatScale) {
                for (int i = 0; i < bound; i++) {
                    int code = Math.min(Math.max(codes[cOff + i], lo), hi);
                    y[base + i] = (float) (s * ((double) code - z));
                }
            }
            for (int i = 0; redo != 0 && i < bound; i += L) {
                if ((redo & 1L << (i / L)) != 0) {
                    ScalarKernelsHolder.SCALAR.fakeQuant(x, base + i, L, mul, s, z, lo, hi, raw, cOff + i, y);
                }
            }
            if (bound < n) {
                ScalarKernelsHolder.SCALAR.fakeQuant(x, base + bound, n - bound, mul, s, z, lo, hi, raw, cOff + bound, y);
            }
        }
    }

    /** Eight at a time: the sum where the code is in range, else dx's own bits (a −0 stays −0), chosen by a blend. */
    @Override
    public void straightThrough(int[] raw, int rawOff, int lo, int hi, float[] dy, float[] dx, int off, int len) {
        VectorSpecies<Integer> ints = INTS;
        int i = 0;
        for (int bound = S.loopBound(len); i < bound; i += L) {
            IntVector r = IntVector.fromArray(ints, raw, rawOff + i);
            VectorMask<Integer> inside = r.compare(VectorOperators.GE, lo).and(r.compare(VectorOperators.LE, hi));
            FloatVector d = FloatVector.fromArray(S, dx, off + i);
            IntVector sum = d.add(FloatVector.fromArray(S, dy, off + i)).reinterpretAsInts();
            d.reinterpretAsInts().blend(sum, inside).reinterpretAsFloats().intoArray(dx, off + i);
        }
        ScalarKernelsHolder.SCALAR.straightThrough(raw, rawOff + i, lo, hi, dy, dx, off + i, len - i);
    }

    /**
     * Doubles for the LSQ terms: as many lanes as {@link #S} where the machine has vectors that wide (AVX-512: a
     * division of eight lanes costs what one of four does), else {@link #S}'s shape with half as many lanes.
     */
    private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED.vectorBitSize() >= Double.SIZE * L
            ? VectorSpecies.of(double.class, VectorShape.forBitSize(Double.SIZE * L)) : VectorSpecies.of(double.class, S.vectorShape());
    private static final int LD = D.length();

    /**
     * L elements at a time, from one all-ones-or-zero int mask per lane that says "the code is in range" (r equals
     * clamp(r, lo, hi); built by integer arithmetic, as JDK 17 compiles a masked blend to several instructions): the
     * straight-through sum or dx's own bits, selected by bits; then the LSQ terms {@link #D}'s lanes at a time, each
     * from the low lanes of vectors loaded at its own offset and converted to double (exactly). In-range lanes keep x
     * and out-of-range ones take +0, so that the slope is (clamp(code) − z) − x/S inside and (clamp(code) − z) − 0,
     * the bound's level, outside: the scalar expression's operations and bits. Groups with a NaN code (its slope is
     * NaN), scales that are not positive and the last elements run scalar.
     */
    @Override
    public void fakeQuantBackward(int[] raw, int rawOff, float[] x, float[] dy, float[] dx, int off, int len, double s, int z,
                                  int lo, int hi, double[] terms, int termsOff) {
        VectorSpecies<Integer> ints = INTS;
        IntVector vLo = IntVector.broadcast(ints, lo);
        IntVector vHi = IntVector.broadcast(ints, hi);
        DoubleVector vs = DoubleVector.broadcast(D, s);
        DoubleVector vz = DoubleVector.broadcast(D, (double) z);
        int k = 0;
        for (int last = s > 0 ? len - 2 * L + LD : -1; k <= last; k += L) {
            IntVector r = IntVector.fromArray(ints, raw, rawOff + k);
            if (r.compare(VectorOperators.EQ, QuantOps.NAN_CODE).anyTrue()) {
                ScalarKernelsHolder.SCALAR.fakeQuantBackward(raw, rawOff + k, x, dy, dx, off + k, L, s, z, lo, hi, terms, termsOff + k);
                continue;
            }
            for (int h = 0; h < L; h += LD) {
                IntVector rh = h == 0 ? r : IntVector.fromArray(ints, raw, rawOff + k + h);
                IntVector level = rh.max(vLo).min(vHi);
                IntVector outside = rh.sub(level); // 0 exactly in range
                IntVector keep = outside.or(outside.neg()).lanewise(VectorOperators.ASHR, 31).not();
                if (h == 0 && dx != null) {
                    // dx + dy where in range, dx's own bits elsewhere (a −0 stays −0), selected by bits.
                    IntVector d = FloatVector.fromArray(S, dx, off + k).reinterpretAsInts();
                    IntVector sum = d.reinterpretAsFloats().add(FloatVector.fromArray(S, dy, off + k)).reinterpretAsInts();
                    sum.and(keep).or(d.lanewise(VectorOperators.AND_NOT, keep)).reinterpretAsFloats().intoArray(dx, off + k);
                }
                FloatVector xq = FloatVector.fromArray(S, x, off + k + h).reinterpretAsInts().and(keep).reinterpretAsFloats();
                DoubleVector q = ((DoubleVector) xq.convertShape(VectorOperators.F2D, D, 0)).div(vs);
                DoubleVector slope = ((DoubleVector) level.convertShape(VectorOperators.I2D, D, 0)).sub(vz).sub(q);
                DoubleVector g = (DoubleVector) FloatVector.fromArray(S, dy, off + k + h).convertShape(VectorOperators.F2D, D, 0);
                g.mul(slope).intoArray(terms, termsOff + k + h);
            }
        }
        ScalarKernelsHolder.SCALAR.fakeQuantBackward(raw, rawOff + k, x, dy, dx, off + k, len - k, s, z, lo, hi, terms, termsOff + k);
    }

    private static final class ScalarKernelsHolder {
        static final ScalarKernels SCALAR = new ScalarKernels();
    }

    @Override
    public void exp(float[] src, int srcOff, float[] dst, int dstOff, int len) {
        int i = 0;
        for (int bound = S.loopBound(len); i < bound; i += L) {
            FloatVector x = FloatVector.fromArray(S, src, srcOff + i);
            VectorMask<Float> nan = x.test(VectorOperators.IS_NAN);
            FloatVector xc = x.max(FastMath.EXP_LO).min(FastMath.EXP_HI);
            FloatVector t = xc.fma(FastMath.LOG2E, FastMath.MAGIC);
            FloatVector nf = t.sub(FastMath.MAGIC);
            FloatVector r = nf.fma(FloatVector.broadcast(S, -FastMath.LN2_HI), xc);
            r = nf.fma(FloatVector.broadcast(S, -FastMath.LN2_LO), r);
            FloatVector q = r.fma(FastMath.E5, FastMath.E4).fma(r, FloatVector.broadcast(S, FastMath.E3));
            q = q.fma(r, FloatVector.broadcast(S, FastMath.E2)).fma(r, FloatVector.broadcast(S, FastMath.E1));
            q = q.fma(r, FloatVector.broadcast(S, FastMath.E0));
            FloatVector y = q.fma(r.mul(r), r).add(1f);
            IntVector n = t.reinterpretAsInts().sub(FastMath.MAGIC_BITS);
            IntVector n1 = n.lanewise(VectorOperators.ASHR, 1);
            IntVector n2 = n.sub(n1);
            FloatVector s1 = n1.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
            FloatVector s2 = n2.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
            FloatVector e = y.mul(s1).mul(s2).blend(x, nan);
            e.intoArray(dst, dstOff + i);
        }
        for (; i < len; i++) {
            dst[dstOff + i] = FastMath.exp(src[srcOff + i]);
        }
    }

    @Override
    public void tanh(float[] src, int srcOff, float[] dst, int dstOff, int len) {
        int i = 0;
        for (int bound = S.loopBound(len); i < bound; i += L) {
            FloatVector x = FloatVector.fromArray(S, src, srcOff + i);
            FloatVector ax = x.abs();
            FloatVector z = x.mul(x);
            FloatVector p = z.fma(FastMath.T4, FastMath.T3).fma(z, FloatVector.broadcast(S, FastMath.T2));
            p = p.fma(z, FloatVector.broadcast(S, FastMath.T1)).fma(z, FloatVector.broadcast(S, FastMath.T0));
            FloatVector small = p.mul(z).fma(x, x);
            FloatVector x2 = ax.mul(2f);
            VectorMask<Float> nan = x2.test(VectorOperators.IS_NAN);
            FloatVector xc = x2.max(FastMath.EXP_LO).min(FastMath.EXP_HI);
            FloatVector t = xc.fma(FastMath.LOG2E, FastMath.MAGIC);
            FloatVector nf = t.sub(FastMath.MAGIC);
            FloatVector r = nf.fma(FloatVector.broadcast(S, -FastMath.LN2_HI), xc);
            r = nf.fma(FloatVector.broadcast(S, -FastMath.LN2_LO), r);
            FloatVector q = r.fma(FastMath.E5, FastMath.E4).fma(r, FloatVector.broadcast(S, FastMath.E3));
            q = q.fma(r, FloatVector.broadcast(S, FastMath.E2)).fma(r, FloatVector.broadcast(S, FastMath.E1));
            q = q.fma(r, FloatVector.broadcast(S, FastMath.E0));
            FloatVector y = q.fma(r.mul(r), r).add(1f);
            IntVector n = t.reinterpretAsInts().sub(FastMath.MAGIC_BITS);
            IntVector n1 = n.lanewise(VectorOperators.ASHR, 1);
            IntVector n2 = n.sub(n1);
            FloatVector s1 = n1.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
            FloatVector s2 = n2.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
            FloatVector e = y.mul(s1).mul(s2).blend(x2, nan);
            FloatVector big = FloatVector.broadcast(S, 1f).sub(FloatVector.broadcast(S, 2f).div(e.add(1f)));
            IntVector tv = big.blend(small, ax.lt(FastMath.TANH_SMALL)).reinterpretAsInts();
            tv.or(x.reinterpretAsInts().and(0x80000000)).reinterpretAsFloats().intoArray(dst, dstOff + i);
        }
        for (; i < len; i++) {
            dst[dstOff + i] = FastMath.tanh(src[srcOff + i]);
        }
    }

    /** The scalar expression lane-wise (a branch per element in scalar code, taken at random: C2 does not vectorize it). */
    @Override
    public void reluBackward(float[] x, float[] dz, float[] dx, int off, int len) {
        FloatVector zero = FloatVector.zero(S);
        FloatVector one = FloatVector.broadcast(S, 1f);
        int i = off;
        for (int bound = off + S.loopBound(len); i < bound; i += L) {
            FloatVector g = zero.blend(one, FloatVector.fromArray(S, x, i).compare(VectorOperators.GT, 0f));
            FloatVector.fromArray(S, dx, i).add(FloatVector.fromArray(S, dz, i).mul(g)).intoArray(dx, i);
        }
        for (; i < off + len; i++) {
            dx[i] += dz[i] * (x[i] > 0f ? 1f : 0f);
        }
    }

    @Override
    public String name() {
        return "vector-" + S.vectorBitSize();
    }
}
