package org.intformer.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.intformer.UserError;
import org.intformer.app.DeviceJob;
import org.intformer.board.BoardTop;
import org.intformer.board.DeviceClient;
import org.intformer.board.DeviceStatus;
import org.intformer.board.SerialTransport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code intformer device}: talk to a board flashed with {@code intformer board}, over its serial port. */
@Command(name = "device", description = {"Talk to a board programmed with a bitstream of `intformer board`, over the serial "
        + "protocol of docs/BOARD.md: status, load (the weights, for a bitstream with its weights in SPRAM), check (test windows "
        + "compared with the interpreter) or predict."},
        subcommands = {DeviceCommand.Status.class, DeviceCommand.Load.class, DeviceCommand.Check.class, DeviceCommand.Predict.class})
final class DeviceCommand implements Callable<Integer> {
    @Option(names = "--port", required = true, paramLabel = "PORT", description = "Serial port, e.g. /dev/ttyUSB1 (the iCEBreaker's second FTDI channel).")
    String port;

    @Option(names = "--baud", defaultValue = "" + BoardTop.DEFAULT_BAUD, paramLabel = "B", description = "Baud rate the bitstream was built with (default: ${DEFAULT-VALUE}).")
    int baud;

    @Option(names = "--timeout", defaultValue = "2000", paramLabel = "MS", description = "Reply timeout in milliseconds (default: ${DEFAULT-VALUE}).")
    int timeout;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "choose a subcommand: status, load, check or predict");
    }

    SerialTransport open() {
        if (timeout <= 0) {
            throw new UserError("--timeout must be positive");
        }
        return SerialTransport.open(port, baud);
    }

    static void print(CommandSpec spec, DeviceStatus s) {
        spec.commandLine().getOut().printf("model hash %08x, %d inferences, last %d cycles; rejected frames: %d CRC, %d length, %d type, %d timeout%n",
                s.modelHash(), s.inferences(), s.lastCycles(), s.crcErrors(), s.lengthErrors(), s.typeErrors(), s.timeouts());
        spec.commandLine().getOut().println(!s.needsWeights() ? "weights: in the bitstream"
                : String.format("weights: in SPRAM, %s (%d of %d words, %d lanes); %d frames rejected by the loader",
                s.weightsLoaded() ? "loaded from the " + s.weightsSource() + " and verified" : s.weightsSource().toUpperCase(java.util.Locale.ROOT),
                s.loadedWords(), s.weightWords(), s.lanes(), s.loadErrors()));
    }

    /** The model the bitstream was built from, and the data its windows come from. */
    static final class ModelAndData {
        @Option(names = "--model", required = true, paramLabel = "INTEGER_MODEL", description = "The integer model (.iqm) the bitstream was built from.")
        Path model;
        @Option(names = "--data", paramLabel = "CSV", description = "CSV file (default: the model's own data path).")
        String data;
    }

    /** A subcommand: opens the parent's port, talks to the device through a client, closes the port. */
    abstract static class Sub implements Callable<Integer> {
        @ParentCommand
        DeviceCommand parent;
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            try (SerialTransport t = parent.open()) {
                return run(new DeviceClient(t, parent.timeout), spec.commandLine().getOut());
            }
        }

        abstract int run(DeviceClient device, java.io.PrintWriter out);
    }

    @Command(name = "status", description = "Print the device's status (model hash, inferences, last cycle count, error counters).")
    static final class Status extends Sub {
        @Override
        int run(DeviceClient device, java.io.PrintWriter out) {
            print(spec, device.status());
            return Main.EXIT_OK;
        }
    }

    @Command(name = "load", description = "Send the model's weights to a device whose bitstream keeps them in SPRAM (after every power-up).")
    static final class Load extends Sub {
        @Option(names = "--model", required = true, paramLabel = "INTEGER_MODEL", description = "The integer model (.iqm) the bitstream was built from.")
        Path model;

        @Override
        int run(DeviceClient device, java.io.PrintWriter out) {
            long t0 = System.nanoTime();
            DeviceStatus s = DeviceJob.load(device, model, sent -> { });
            out.printf("loaded %d weight words in %.2f s%n", s.loadedWords(), (System.nanoTime() - t0) / 1e9);
            print(spec, s);
            return Main.EXIT_OK;
        }
    }

    @Command(name = "check", description = "Run N test windows of the model's data through the device and compare every output with the interpreter.")
    static final class Check extends Sub {
        @Mixin
        ModelAndData m;
        @Option(names = "--windows", defaultValue = "100", paramLabel = "N", description = "Test windows (default: ${DEFAULT-VALUE}).")
        int windows;

        @Override
        public Integer call() {
            if (windows <= 0) {
                throw new UserError("--windows must be positive");
            }
            return super.call();
        }

        @Override
        int run(DeviceClient device, java.io.PrintWriter out) {
            DeviceJob.Check c = DeviceJob.check(device, m.model, m.data, windows);
            out.printf("%d windows, %d mismatches with the interpreter%s%n", c.windows(), c.mismatches(),
                    c.firstMismatch() == null ? "" : "; first: " + c.firstMismatch());
            print(spec, c.status());
            return c.mismatches() == 0 ? Main.EXIT_OK : Main.EXIT_INTERNAL;
        }
    }

    @Command(name = "predict", description = "Forecast every test window of the data on the device; writes a CSV like `intformer predict`.")
    static final class Predict extends Sub {
        @Mixin
        ModelAndData m;
        @Option(names = "--out", required = true, paramLabel = "CSV", description = "Forecast file.")
        Path out;

        @Override
        int run(DeviceClient device, java.io.PrintWriter w) {
            int n = DeviceJob.predict(device, m.model, m.data, out);
            w.printf("%d windows forecast on the device, written to %s%n", n, out);
            return Main.EXIT_OK;
        }
    }
}
