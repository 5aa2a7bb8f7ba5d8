/* The one wait for a Flink job: polls it until it reaches a goal (running
 * with every task up, running at a parallelism, or ended), fails as soon as
 * it cannot get there, and gives up at a deadline or when cancelled. `run`,
 * `up --job` and the autoscaler all wait through it. Never prints; a hook
 * sees every look, for progress notes or to check something else (the
 * JobManager container) on the way. */
#ifndef FC_CLUSTER_JOB_WAIT_H
#define FC_CLUSTER_JOB_WAIT_H

#include <stdbool.h>
#include <stdint.h>

#include "flink/client.h"
#include "flink/job.h"
#include "util/cancel.h"

enum job_goal_kind {
	JOB_GOAL_RUNNING,     /* RUNNING with every task up */
	JOB_GOAL_PARALLELISM, /* that, with every vertex at the goal's parallelism */
	JOB_GOAL_ENDED,       /* FINISHED, CANCELED or FAILED: any end is the goal */
};

struct job_goal {
	enum job_goal_kind kind;
	int parallelism;    /* JOB_GOAL_PARALLELISM: each vertex at min(this, its
			     * ceiling) */
	bool at_least;      /* ... or more (a reactive job grows into its slots) */
	bool finished_ok;   /* a job that ran to its end reached the goal too (a
			     * bounded job); otherwise FINISHED is a failure */
	bool restart_fails; /* RESTARTING or FAILING ends the wait as a failure
			     * (a job just submitted); otherwise Flink is left to
			     * recover it within the deadline */
};

/* Sees each look at the job (NULL while the cluster has no job yet).
 * Returns 0 to go on, or an error code with err filled to end the wait. */
typedef int (*job_wait_hook)(void *arg, const struct flink_job *job, struct error *err);

struct job_wait {
	const struct flink_id *job; /* NULL: the cluster's one job (application
				     * mode), once Flink lists it */
	struct job_goal goal;
	int64_t timeout_ms;
	int poll_ms;         /* 0: 200 */
	const char *cluster; /* for messages */
	job_wait_hook hook;  /* may be NULL */
	void *hook_arg;
};

/* Polls until the job reaches w->goal: 0. ERR_FAIL when it ended (or, with
 * restart_fails, restarted) short of the goal, with Flink's root cause;
 * ERR_TIMEOUT saying where it stands; ERR_INTERRUPTED when cancel was
 * requested (the job itself goes on); a failed Flink call or the hook's
 * error as they are. *last (may be NULL) is the job as last seen, also on
 * failure (zeroed when never seen): release it with flink_job_release. */
int cluster_job_wait(struct flink_client *fc, const struct job_wait *w,
		     const struct cancel *cancel, struct flink_job *last,
		     struct error *err);

/* Pure: whether job (as read with flink_job_get) has reached goal (1), can
 * no longer reach it (-1), or may still (0). */
int cluster_job_goal_check(const struct job_goal *goal, const struct flink_job *job);

#endif
