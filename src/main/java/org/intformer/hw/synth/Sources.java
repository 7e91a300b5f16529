package org.intformer.hw.synth;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.intformer.UserError;

/** Checks of the inputs every flow shares: the design directory, its source list and the top module name. */
final class Sources {
    private Sources() {
    }

    static void check(Path dir, List<String> sources, String top) {
        if (dir == null || !Files.isDirectory(dir)) {
            throw new UserError("design directory not found: " + dir);
        }
        if (sources == null || sources.isEmpty()) {
            throw new UserError("no Verilog sources given for " + dir);
        }
        if (top == null || !top.matches("[A-Za-z_][A-Za-z0-9_$]*")) {
            throw new UserError("invalid top module name '" + top + "'");
        }
        for (String s : sources) {
            if (s == null || s.isEmpty() || !s.matches("[A-Za-z0-9_./+\\-]+")) {
                throw new UserError("unsupported source file name '" + s
                        + "' (letters, digits and _ . / + - only, so it can go into a yosys script)");
            }
            if (!Files.isRegularFile(dir.resolve(s))) {
                throw new UserError("Verilog source not found: " + dir.resolve(s));
            }
        }
    }

    /** "read_verilog a.v b.v" */
    static String readVerilog(List<String> sources) {
        return "read_verilog " + String.join(" ", sources);
    }
}
