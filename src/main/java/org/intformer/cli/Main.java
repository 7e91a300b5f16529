package org.intformer.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.intformer.UserError;
import org.intformer.config.Build;
import org.intformer.config.ConfigSchema;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The {@code intformer} command. Exit codes: 0 success, 1 internal error (a bug), 2 a problem with the
 * user's input (bad flag, bad file), reported in one line without a stack trace, 3 the command finished but
 * part of its work failed (listed on stderr and in its reports).
 */
@Command(name = "intformer", mixinStandardHelpOptions = true, scope = ScopeType.INHERIT,
        version = "intformer " + Build.VERSION,
        description = "Tiny Transformer time-series forecasters: train, quantize, run integer-only.")
public final class Main implements Callable<Integer> {

    public static final int EXIT_OK = 0;
    public static final int EXIT_INTERNAL = 1;
    public static final int EXIT_USER = 2;
    /** The command finished, but part of its work failed (explore: points whose hardware run failed); listed on stderr. */
    public static final int EXIT_FAILED = 3;

    /** Every subcommand, in the order `intformer --help` lists them. */
    static final List<Supplier<Object>> SUBCOMMANDS = List.of(
            RunCommand::new, ExploreCommand::new, TrainCommand::new, QatCommand::new, PrecisionCommand::new, ExportCommand::new, HwCommand::new, BoardCommand::new, DeviceCommand::new, EvalCommand::new, PredictCommand::new, BenchCommand::new, BenchInferenceCommand::new, ConfigCommand::new);

    @Option(names = "--debug", scope = ScopeType.INHERIT,
            description = "Print stack traces for internal errors (also: environment INTFORMER_DEBUG=1).")
    boolean debug;

    @Spec
    CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns the exit code instead of exiting. */
    public static int run(String... args) {
        return run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
    }

    /** As {@link #run(String...)}, with explicit output streams (for tests). */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        return run(SUBCOMMANDS, out, err, args);
    }

    static int run(List<Supplier<Object>> subcommands, PrintWriter out, PrintWriter err, String... args) {
        Main main = new Main();
        CommandLine commandLine = new CommandLine(main);
        for (Supplier<Object> subcommand : subcommands) {
            commandLine.addSubcommand(subcommand.get());
        }
        for (CommandLine sub : commandLine.getSubcommands().values()) {
            // Options are declared in a meaningful order (data, model, training); keep it in --help.
            sub.getCommandSpec().usageMessage().sortOptions(false).sortSynopsis(false);
        }
        commandLine.setOut(out).setErr(err)
                .setParameterExceptionHandler(Main::usageError)
                .setExecutionExceptionHandler((e, cl, parsed) -> failure(e, cl, main.debugging()));
        try {
            return commandLine.execute(args);
        } catch (Throwable t) {
            // picocli lets Errors (e.g. OutOfMemoryError) through; still report them in the usual shape.
            return failure(t, commandLine, main.debugging());
        } finally {
            out.flush();
            err.flush();
        }
    }

    /** Without a subcommand there is nothing to do: that is a usage error, like an unknown option. */
    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "missing command (one of: "
                + String.join(", ", spec.commandLine().getSubcommands().keySet()) + ")");
    }

    private boolean debugging() {
        return debug || "1".equals(System.getenv("INTFORMER_DEBUG"));
    }

    private static int usageError(ParameterException e, String[] args) {
        CommandLine cl = e.getCommandLine();
        String message = oneLine(e.getMessage());
        if (e instanceof UnmatchedArgumentException unmatched) {
            String suggestion = suggestOption(unmatched, cl);
            if (suggestion != null) {
                message += " (did you mean " + suggestion + "?)";
            }
        }
        cl.getErr().println("intformer: error: " + message);
        cl.getErr().println("try '" + cl.getCommandSpec().qualifiedName() + " --help'");
        return EXIT_USER;
    }

    /** A known option close to the first unknown one: picocli's own guess, else the closest config key. */
    private static String suggestOption(UnmatchedArgumentException e, CommandLine cl) {
        if (!e.getSuggestions().isEmpty()) {
            return e.getSuggestions().get(0);
        }
        List<String> unmatched = e.getUnmatched();
        if (unmatched.isEmpty() || !unmatched.get(0).startsWith("--")) {
            return null;
        }
        String given = unmatched.get(0).substring(2).split("=", 2)[0];
        String key = ConfigSchema.closest(given);
        return key != null && cl.getCommandSpec().findOption("--" + key) != null ? "--" + key : null;
    }

    private static int failure(Throwable e, CommandLine cl, boolean debug) {
        PrintWriter err = cl.getErr();
        if (e instanceof UserError) {
            err.println("intformer: error: " + oneLine(e.getMessage()));
            if (debug) {
                e.printStackTrace(err);
            }
            return EXIT_USER;
        }
        err.println("intformer: internal error: " + e.getClass().getName() + ": " + oneLine(e.getMessage()));
        if (debug) {
            e.printStackTrace(err);
        } else {
            err.println("(run with --debug or INTFORMER_DEBUG=1 for the stack trace)");
        }
        return EXIT_INTERNAL;
    }

    private static String oneLine(String message) {
        return message == null ? "" : message.strip().replaceAll("\\s*\\R\\s*", " ");
    }
}
