package org.intformer.integer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The interpreter, its kernels, the fixed-point arithmetic and the range analysis must not touch float or
 * double: the hardware reproduces them with integers only, so one float would be a silent mismatch.
 */
class NoFloatTest {

    /** Classes (with their nested classes) that must be integer-only. */
    private static final List<String> INTEGER_ONLY = List.of("Interpreter", "Kernels", "FixedPoint", "RangeAnalysis", "IntArray", "SoftmaxRow");

    private static Path classesDirectory() throws URISyntaxException {
        return Path.of(Interpreter.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                .resolve("org/intformer/integer");
    }

    private static List<String> uses(Path classFile) throws IOException {
        try (InputStream in = Files.newInputStream(classFile)) {
            return ClassFileScanner.floatUses(in);
        }
    }

    @Test
    void interpreterClassesAreIntegerOnly() throws Exception {
        List<Path> scanned;
        try (Stream<Path> files = Files.list(classesDirectory())) {
            scanned = files.filter(f -> {
                String name = f.getFileName().toString();
                return INTEGER_ONLY.stream().anyMatch(c -> name.equals(c + ".class") || name.startsWith(c + "$"));
            }).sorted().toList();
        }
        assertThat(scanned).hasSizeGreaterThanOrEqualTo(INTEGER_ONLY.size());
        for (Path file : scanned) {
            assertThat(uses(file)).as("float/double in %s", file.getFileName()).isEmpty();
        }
    }

    @Test
    void scannerFindsFloatsWhereTheyAre() throws Exception {
        // Positive controls: the host-side classes use doubles in descriptors, constants and arithmetic.
        List<String> host = uses(classesDirectory().resolve("HostQuantization.class"));
        assertThat(host).anyMatch(u -> u.contains("descriptor (D)D"));
        assertThat(host).anyMatch(u -> u.contains("opcode 0x63") || u.contains("opcode 0x67")); // dadd / dsub
        assertThat(host).anyMatch(u -> u.contains("opcode 0x"));
        List<String> multiplier = uses(classesDirectory().resolve("Multiplier.class"));
        assertThat(multiplier).anyMatch(u -> u.contains("double constant"));
        assertThat(uses(classesDirectory().resolve("TensorSpec.class"))).anyMatch(u -> u.contains("field scale"));
        // And on a test class with switches, wide locals and float arrays.
        Path self = Path.of(Fixture.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                .resolve("org/intformer/integer/NoFloatTest$Fixture.class");
        assertThat(uses(self)).anyMatch(u -> u.contains("newarray of float")).anyMatch(u -> u.contains("0x62"));
        Path switches = self.resolveSibling("NoFloatTest$Switches.class");
        assertThat(uses(switches)).isEmpty();
    }

    @Test
    void opcodeTableCoversEveryFloatInstruction() {
        int[] floatOps = {0x0b, 0x0c, 0x0d, 0x0e, 0x0f, 0x17, 0x18, 0x22, 0x29, 0x30, 0x31, 0x38, 0x39, 0x43, 0x4a,
            0x51, 0x52, 0x62, 0x63, 0x66, 0x67, 0x6a, 0x6b, 0x6e, 0x6f, 0x72, 0x73, 0x76, 0x77, 0x86, 0x87, 0x89, 0x90, 0x95, 0x98, 0xae, 0xaf};
        for (int op : floatOps) {
            assertThat(ClassFileScanner.isFloatOpcode(op)).as("0x%02x", op).isTrue();
        }
        int[] intOps = {0x02, 0x08, 0x10, 0x15, 0x1a, 0x2a, 0x2e, 0x36, 0x3b, 0x4f, 0x60, 0x61, 0x64, 0x68, 0x6c, 0x70,
            0x74, 0x78, 0x85, 0x88, 0x91, 0x94, 0x99, 0xac, 0xad, 0xb0, 0xb1};
        for (int op : intOps) {
            assertThat(ClassFileScanner.isFloatOpcode(op)).as("0x%02x", op).isFalse();
        }
    }

    /** Uses floats: the scanner must see them. */
    static final class Fixture {
        static float[] make(int n) {
            float[] a = new float[n];
            a[0] = a[0] + n;
            return a;
        }
    }

    /** Integer-only code with tableswitch, lookupswitch and many locals (wide): must scan clean. */
    static final class Switches {
        static int pick(int k, long big) {
            int a0 = 0, a1 = 1, a2 = 2, a3 = 3, a4 = 4, a5 = 5, a6 = 6, a7 = 7, a8 = 8, a9 = 9;
            long[] longs = new long[300];
            int sum = a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8 + a9;
            switch (k) {
                case 0: sum += 1; break;
                case 1: sum += 2; break;
                case 2: sum += 3; break;
                case 3: sum += 5; break;
                default: sum += 7;
            }
            switch (k) {
                case -100000: sum += 11; break;
                case 7: sum += 13; break;
                case 900000: sum += 17; break;
                default: sum += 19;
            }
            longs[k & 255] = big;
            return sum + (int) longs[1];
        }
    }
}
