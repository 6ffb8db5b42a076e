package com.nusomi.shardwriter.persistence;

import com.nusomi.contracts.avro.ShardTask;
import com.nusomi.shardwriter.service.ShardFailedException;

/** The plan no longer holds rows the task names (plan deleted after its retention, or not this workspace's). */
public class PlanRowsMissingException extends ShardFailedException {
    PlanRowsMissingException(ShardTask task, long from, long end) {
        super("plan rows " + from + ".." + (end - 1) + " of export " + task.getExportId()
                + " are not in planner.plan_rows (plan deleted after its retention?)");
    }
}
