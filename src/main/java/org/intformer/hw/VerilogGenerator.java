package org.intformer.hw;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.intformer.integer.IntModel;

/**
 * Generates the accelerator of an {@link IntModel}: computes its {@link Design} and writes it to a directory,
 * the Verilog source {@code intformer_top.v} ({@link VerilogWriter}) and the ROM images it reads with
 * {@code $readmemh}. See {@code docs/HARDWARE.md} for the architecture, the port protocol and the cycle formula.
 */
public final class VerilogGenerator {

    public static final String TOP = "intformer_top";
    public static final String SOURCE = "intformer_top.v";

    private VerilogGenerator() {
    }

    /** Generates the design for {@code model} into {@code dir} (created if missing). */
    public static GeneratedDesign generate(IntModel model, HwOptions options, Path dir) {
        return write(Design.of(model, options), dir);
    }

    /** As {@link #generate(IntModel, HwOptions, Path)}; {@code share} false gives every tensor its own buffer. */
    static GeneratedDesign generate(IntModel model, HwOptions options, Path dir, boolean share) {
        Design d = Design.of(model, options);
        return write(share ? d : d.unshared(), dir);
    }

    /** Writes {@code d}'s source and ROM images into {@code dir}. */
    public static GeneratedDesign write(Design d, Path dir) {
        try {
            Files.createDirectories(dir);
            List<Path> mems = new ArrayList<>();
            for (RomImage rom : d.roms()) {
                Path f = dir.resolve(rom.file());
                Files.writeString(f, String.join("\n", rom.lines()) + "\n", StandardCharsets.US_ASCII);
                mems.add(f);
            }
            Path src = dir.resolve(SOURCE);
            Files.writeString(src, new VerilogWriter(d).text(), StandardCharsets.UTF_8);
            return new GeneratedDesign(dir, TOP, List.of(src), mems, d);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The lanes the design for {@code model} gets under {@code options}: the requested ones, or auto. */
    static int lanes(IntModel model, HwOptions options) {
        return options.lanes() > 0 ? options.lanes() : CostModel.autoLanes(model, options.target());
    }

    static String hex(long v, int bits) {
        int digits = (bits + 3) / 4;
        long masked = bits >= 64 ? v : v & ((1L << bits) - 1);
        String s = Long.toHexString(masked);
        return "0".repeat(Math.max(0, digits - s.length())) + s;
    }
}
