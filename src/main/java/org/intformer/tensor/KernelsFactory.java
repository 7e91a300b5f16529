package org.intformer.tensor;

/**
 * Picks the kernels for this JVM. The Vector API lives in an incubator module that an executable jar cannot
 * request, so {@link VectorKernels} is only loaded (reflectively) when the module is present; otherwise a plain
 * {@code java -jar} still works on the scalar kernels, after a one-line notice.
 */
public final class KernelsFactory {
    /** System property: "scalar" forces the reference kernels, "vector" or "auto" (default) prefers vectors. */
    public static final String PROPERTY = "intformer.kernels";
    static final String VECTOR_MODULE = "jdk.incubator.vector";
    static final String NOTICE =
            "vector API not available: using scalar kernels; run through bin/intformer for full speed";

    private KernelsFactory() {
    }

    /** The process-wide choice, made once. */
    public static Kernels best() {
        return Holder.BEST;
    }

    /** A fresh choice honouring {@link #PROPERTY}; prints {@link #NOTICE} when vectors were wanted but absent. */
    public static Kernels create() {
        String mode = System.getProperty(PROPERTY, "auto").trim().toLowerCase(java.util.Locale.ROOT);
        if (mode.equals("scalar")) {
            return new ScalarKernels();
        }
        Kernels vector = vectorOrNull();
        if (vector != null) {
            return vector;
        }
        System.err.println(NOTICE);
        return new ScalarKernels();
    }

    /** VectorKernels if the module is in the boot layer and the class links, else null. */
    public static Kernels vectorOrNull() {
        if (ModuleLayer.boot().findModule(VECTOR_MODULE).isEmpty()) {
            return null;
        }
        try {
            return (Kernels) Class.forName(KernelsFactory.class.getPackageName() + ".VectorKernels")
                    .getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException | LinkageError e) {
            return null;
        }
    }

    private static final class Holder {
        static final Kernels BEST = create();
    }
}
