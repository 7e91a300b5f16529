package org.intformer.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a benchmark ran on, printed and stored beside its figures so that figures from different machines are never
 * compared as if equal: the CPU model and its vector extensions (from /proc/cpuinfo on Linux), the cores the JVM
 * sees, the JDK, and the kernels in use (their name carries the vector width in bits, or "scalar").
 */
public record Machine(String cpu, List<String> vectorExtensions, int cores, String jdk, String kernels) {
    private static final List<String> EXTENSIONS = List.of("sse4_2", "avx", "avx2", "fma", "avx512f", "avx512_bf16", "asimd", "sve");

    public static Machine current(String kernels) {
        String cpu = System.getProperty("os.arch") + " (CPU model unknown: no /proc/cpuinfo)";
        List<String> ext = new ArrayList<>();
        Path info = Path.of("/proc/cpuinfo");
        if (Files.isReadable(info)) {
            try {
                List<String> lines = Files.readAllLines(info);
                for (String line : lines) {
                    String key = line.contains(":") ? line.substring(0, line.indexOf(':')).strip() : "";
                    String value = line.contains(":") ? line.substring(line.indexOf(':') + 1).strip() : "";
                    if (key.equals("model name") || key.equals("Model") && cpu.contains("unknown")) {
                        cpu = value;
                    }
                    if ((key.equals("flags") || key.equals("Features")) && ext.isEmpty()) {
                        List<String> flags = List.of(value.split("\\s+"));
                        EXTENSIONS.stream().filter(flags::contains).forEach(ext::add);
                    }
                    if (key.isEmpty() && !cpu.contains("unknown") && !ext.isEmpty()) {
                        break; // the first processor's block says it all
                    }
                }
            } catch (IOException e) {
                cpu = cpu + " (" + e.getMessage() + ")";
            }
        }
        return new Machine(cpu, ext, Runtime.getRuntime().availableProcessors(), Runtime.version().toString(), kernels);
    }

    public String line() {
        return "machine: " + cpu + ", " + cores + " cores, vector extensions " + (vectorExtensions.isEmpty() ? "none found"
                : String.join(" ", vectorExtensions)) + ", JDK " + jdk + ", kernels " + kernels;
    }

    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cpu", cpu);
        m.put("vector_extensions", vectorExtensions);
        m.put("cores", cores);
        m.put("jdk", jdk);
        m.put("kernels", kernels);
        return m;
    }
}
