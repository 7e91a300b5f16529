package org.intformer.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.apache.spark.FutureAction;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.rdd.AsyncRDDActions;
import org.apache.spark.sql.SparkSession;
import org.intformer.UserError;
import org.intformer.app.DataLoader;
import org.intformer.config.Build;
import org.intformer.explore.ExploreEngine;
import org.intformer.explore.PointSpec;
import org.intformer.explore.PointTask;
import org.intformer.explore.PointWorker;
import org.intformer.explore.TaskResult;
import scala.concurrent.ExecutionContext$;
import scala.reflect.ClassTag;
import scala.reflect.ClassTag$;
import scala.runtime.BoxedUnit;

/**
 * {@code explore --engine spark}: each (point, rung) task is a Spark job of one task, submitted asynchronously, so the
 * whole rung is queued at once and Spark runs as many as it has slots ({@code spark.task.cpus} = the threads a point
 * trains on). The data file is broadcast once. Tasks store their results in the exploration's directory as they
 * finish, exactly as the local engine does, so a rerun, a retried task or a lost executor never redoes a finished
 * point. The master is Spark's own setting ({@code spark.master}: spark-submit's {@code --master}, or
 * {@code -Dspark.master=...}); without one, {@code local[*]}.
 */
final class SparkEngine implements ExploreEngine {
    private static final ClassTag<TaskResult> RESULT = ClassTag$.MODULE$.apply(TaskResult.class);

    /** Completes a point's future on the thread that learns the job's end (the exploration waits for it elsewhere). */
    private static final scala.concurrent.ExecutionContextExecutor DIRECT = ExecutionContext$.MODULE$.fromExecutor(Runnable::run);

    private final Context context;
    private final JavaSparkContext spark;
    private final String run = UUID.randomUUID().toString();
    private final Map<String, PointTaskFunction> functions = new HashMap<>();

    SparkEngine(Context context) {
        this.context = context;
        SparkConf conf = new SparkConf();
        conf.setIfMissing("spark.master", "local[*]");
        conf.setIfMissing("spark.app.name", "intformer explore " + context.outDir().getFileName());
        // One point trains on PointSpec.THREADS threads: that many cores per task, so a worker runs cores / THREADS points.
        conf.set("spark.task.cpus", String.valueOf(PointSpec.THREADS));
        // The Vector API kernels (bit-identical to the scalar ones, ~15x faster) need the module in every executor JVM.
        String executorOptions = conf.get("spark.executor.extraJavaOptions", "");
        if (!executorOptions.contains("jdk.incubator.vector")) {
            conf.set("spark.executor.extraJavaOptions", (executorOptions + " --add-modules=jdk.incubator.vector").strip());
        }
        // Executors of a cluster need intformer's classes; spark-submit ships them (the application jar and --jars),
        // a driver started from the class path (bin/intformer-spark with -Dspark.master=spark://...) ships its own jars.
        if (!conf.get("spark.master").startsWith("local") && !conf.contains("spark.jars")) {
            List<String> jars = new ArrayList<>();
            for (Class<?> c : List.of(Build.class, SparkEngine.class)) {
                Path location = codeLocation(c);
                if (!Files.isRegularFile(location)) {
                    throw new UserError("explore --engine spark on " + conf.get("spark.master") + ": intformer's classes come from "
                            + location + ", not a jar that executors can fetch; build the jars (mvn -B -q package -DskipTests; "
                            + "mvn -B -f spark/pom.xml package -DskipTests) or set spark.jars");
                }
                jars.add(location.toString());
            }
            conf.set("spark.jars", String.join(",", jars));
        }
        this.spark = new JavaSparkContext(conf);
        spark.setLogLevel(System.getProperty("intformer.spark.log", "WARN"));
        spark.sc().addSparkListener(new LostTasks(System.err));
    }

    /** The configuration Spark runs with. */
    SparkConf conf() {
        return spark.getConf();
    }

    private static Path codeLocation(Class<?> c) {
        try {
            return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The task function for a data file, broadcasting its content the first time the file is seen. */
    private synchronized PointTaskFunction function(String dataPath) {
        return functions.computeIfAbsent(dataPath == null ? "" : dataPath, k -> {
            Broadcast<byte[]> data = null;
            if (dataPath != null) {
                try {
                    data = spark.broadcast(Files.readAllBytes(Path.of(dataPath)));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            return new PointTaskFunction(run, context.outDir(), context.code(), context.target(), context.warmStart(),
                    dataPath, data);
        });
    }

    @Override
    public CompletableFuture<TaskResult> submit(PointTask task) {
        PointTaskFunction function = function(task.config().data());
        spark.setJobDescription(task.id() + " rung " + task.rung());
        JavaRDD<TaskResult> rdd = spark.parallelize(List.of(task), 1).map(function);
        FutureAction<scala.collection.immutable.Seq<TaskResult>> action = new AsyncRDDActions<>(rdd.rdd(), RESULT).collectAsync();
        CompletableFuture<TaskResult> result = new CompletableFuture<>();
        action.onComplete(attempt -> {
            if (attempt.isSuccess()) {
                result.complete(attempt.get().head());
            } else {
                result.completeExceptionally(attempt.failed().get());
            }
            return BoxedUnit.UNIT;
        }, DIRECT);
        return result;
    }

    @Override
    public void release(Collection<String> ids) {
        PointWorker local = PointTaskFunction.local(run);
        if (local != null) {
            local.release(ids); // local mode: the executor is this JVM
        }
    }

    @Override
    public void finish(List<Map<String, Object>> points, Path outDir) {
        ResultsTable.write(SparkSession.builder().sparkContext(spark.sc()).config("spark.sql.debug.maxToStringFields", 1000)
                        .getOrCreate(), points,
                outDir.resolve(ResultsTable.DIR));
    }

    @Override
    public void close() {
        PointTaskFunction.forget(run);
        // Local mode: the executor was this JVM, which may explore an edited file later (executors of a cluster end here).
        functions.keySet().forEach(DataLoader::forget);
        spark.stop();
    }
}
