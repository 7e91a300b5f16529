package org.intformer.spark;

import java.io.PrintStream;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.TaskFailedReason;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerStageSubmitted;
import org.apache.spark.scheduler.SparkListenerTaskEnd;

/**
 * Says on stderr which point's task attempt failed and why (a lost executor, an exception), since Spark retries it
 * without a word at the WARN level: "intformer: explore: spark: p001 rung 0, attempt 0 failed (...); Spark retries it".
 * A retry reuses the stored result if the attempt had finished storing it, so nothing finished is redone.
 */
final class LostTasks extends SparkListener {
    private final Map<Integer, String> stagePoints = new ConcurrentHashMap<>();
    private final PrintStream err;

    LostTasks(PrintStream err) {
        this.err = err;
    }

    @Override
    public void onStageSubmitted(SparkListenerStageSubmitted event) {
        String description = event.properties() == null ? null : event.properties().getProperty("spark.job.description");
        if (description != null) {
            stagePoints.put(event.stageInfo().stageId(), description);
        }
    }

    @Override
    public void onTaskEnd(SparkListenerTaskEnd event) {
        if (event.reason() instanceof TaskFailedReason failed) {
            err.println("intformer: explore: spark: " + stagePoints.getOrDefault(event.stageId(), "stage " + event.stageId())
                    + ", attempt " + event.taskInfo().attemptNumber() + " on executor " + event.taskInfo().executorId()
                    + " failed (" + failed.toErrorString().strip().replaceAll("\\s*\\R\\s*", " ") + "); Spark retries it"
                    + (failed.countTowardsTaskFailures() ? " (counts towards spark.task.maxFailures)" : ""));
        }
    }
}
