package org.intformer.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.intformer.app.ExportJob;
import org.intformer.integer.IntModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code intformer export}: QAT model to integer model file (and test vectors). */
@Command(name = "export", description = {"Convert a QAT model (qat.ifm) to the integer-only model file (.iqm), "
        + "documented in docs/INTEGER-FILE.md.", "--vectors DIR also writes every intermediate tensor of one test "
        + "window as hex files for hardware testbenches."})
final class ExportCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, paramLabel = "QAT_MODEL", description = "QAT model written by intformer qat.")
    Path model;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "Integer model file to write.")
    Path out;

    @Option(names = "--vectors", paramLabel = "DIR", description = "Also dump the test vectors of one window here.")
    Path vectors;

    @Option(names = "--window", paramLabel = "N", defaultValue = "0", description = "Test window for --vectors (default: 0).")
    int window;

    @Option(names = "--describe", description = "Print the integer model's op table.")
    boolean describe;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        IntModel m = ExportJob.run(model, out, vectors, window);
        var w = spec.commandLine().getOut();
        if (describe) {
            w.println(m.describe());
        }
        w.printf("wrote %s: %d ops, %d MACs per window%n", out, m.ops().size(), m.macs());
        if (vectors != null) {
            w.println("test vectors: " + vectors);
        }
        w.flush();
        return 0;
    }
}
