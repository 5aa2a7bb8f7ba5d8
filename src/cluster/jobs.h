/* Jobs on a cluster: submitting a jar with its state kept on the data
 * volume, finding the newest retained checkpoint of a job across cluster
 * lifetimes, and reaching the cluster's Flink. Never prints. */
#ifndef FC_CLUSTER_JOBS_H
#define FC_CLUSTER_JOBS_H

#include <stdbool.h>
#include <stdint.h>

#include "cluster/engine.h"
#include "cluster/observer.h"
#include "flink/client.h"
#include "flink/job.h"

/* A Flink client for the cluster's REST API; ERR_USAGE when there is no
 * such cluster or its REST port is not published. Free with
 * flink_client_free. */
int cluster_flink_client(struct cluster_engine *e, const char *name,
			 const struct cancel *cancel, struct flink_client **out,
			 struct error *err);

struct cluster_run_opts {
	const char *jar;         /* host path */
	const char *entry_class; /* or NULL */
	const char *const *args; /* program arguments */
	int n_args;
	int parallelism;             /* 0: the cluster's default */
	int checkpoint_period_s;     /* 0: the cluster's setting */
	const char *state_name;      /* the job's directory under /flink-data/jobs; NULL:
				      * derived from the jar and class */
	const char *savepoint;       /* restore from this path, or NULL */
	bool from_latest_checkpoint; /* restore from the newest retained checkpoint */
	bool allow_non_restored_state;
	bool wait; /* until RUNNING (or FINISHED) */
	int64_t timeout_ms;
	const char
		*scale_policy; /* kept in the job's notes for the autoscaler, or NULL */
};

struct cluster_run_result {
	struct flink_id job_id;
	char *state_dir;            /* owned: "file:///flink-data/jobs/NAME" */
	char *restored_from;        /* owned or NULL */
	enum flink_job_state state; /* the job's state when run returned */
	double seconds;             /* from the call to RUNNING */
};
void cluster_run_result_release(struct cluster_run_result *r);

/* Pure: a state directory name from a jar path and class: letters, digits,
 * '-', '_' and '.', e.g. "my-job.jar" + "a.b.Main" -> "my-job-Main". Owned. */
char *cluster_state_name(const char *jar, const char *entry_class);

/* Pure: expands ${date:FORMAT} (Java-style yyyy MM dd HH mm ss) in prefix
 * with time t. ERR_USAGE for an unknown pattern or a character outside
 * [A-Za-z0-9._-] in the result. Owned. */
int cluster_expand_prefix(const char *prefix, int64_t t, char **out, struct error *err);

/* Uploads and runs the jar. ERR_USAGE for a missing file or one that is not
 * a jar, a restore point that does not exist; ERR_FAIL with Flink's root
 * cause when the job does not start. The cluster keeps running either way. */
int cluster_run(struct cluster_engine *e, const char *name,
		const struct cluster_run_opts *o, const struct cancel *cancel,
		const struct cluster_observer *obs, struct cluster_run_result *out,
		struct error *err);

/* The newest completed checkpoint ("file:///.../chk-N") kept on the volume
 * under the job's state directory, from any earlier run of it. ERR_NOTFOUND
 * when there is none. *path owned. */
int cluster_latest_checkpoint(struct cluster_engine *e, const char *name,
			      const char *state_name, char **path, struct error *err);

/* Cancels the job and waits up to timeout_ms until Flink reports it ended
 * (its retained checkpoints stay on the volume). */
int cluster_job_cancel(struct flink_client *fc, const struct flink_id *job,
		       int64_t timeout_ms, const struct cancel *cancel,
		       struct error *err);

/* Runs job_id again as `flink-cmd run` first ran it (the jar Flink keeps,
 * its class, arguments and state directory, from the notes beside its
 * state), from savepoint at parallelism. new_id is the new job's id.
 * ERR_NOTFOUND when flink-cmd did not start job_id. */
int cluster_job_resubmit(struct cluster_engine *e, const char *name,
			 const struct flink_id *job_id, int parallelism,
			 const char *savepoint, struct flink_id *new_id,
			 struct error *err);

#endif
