/* The job wait behind run, up --job and the autoscaler. A look is one GET of
 * the job (and, while the job is not known yet, of the job list); between
 * looks it sleeps in slices so a cancel is seen at once. */
#include "cluster/job_wait.h"

#include <stdio.h>
#include <string.h>

#include "flink/jobctl.h"
#include "util/clock.h"

int cluster_job_goal_check(const struct job_goal *goal, const struct flink_job *job)
{
	enum flink_job_state s = job->state;
	if (goal->kind == JOB_GOAL_ENDED)
		return flink_job_state_ended(s) ? 1 : 0;
	if (s == FLINK_JOB_FINISHED)
		return goal->finished_ok ? 1 : -1;
	/* FAILING and CANCELLING only lead to an end */
	if (flink_job_state_ended(s) || s == FLINK_JOB_FAILING ||
	    s == FLINK_JOB_CANCELLING)
		return -1;
	if (goal->restart_fails && s == FLINK_JOB_RESTARTING)
		return -1;
	bool reached =
		goal->kind == JOB_GOAL_PARALLELISM
			? flink_job_at_parallelism(job, goal->parallelism, goal->at_least)
			: flink_job_all_running(job);
	return reached ? 1 : 0;
}

/* The application cluster's one job, once Flink lists it: 1 when none yet. */
static int find_only_job(struct flink_client *fc, struct flink_id *id, struct error *err)
{
	struct flink_job *jobs = NULL;
	int n = 0;
	int rc = flink_jobs_get(fc, &jobs, &n, err);
	if (rc == 0 && n > 0)
		*id = jobs[0].id;
	flink_jobs_free(jobs, n);
	return rc < 0 ? rc : n > 0 ? 0 : 1;
}

/* Flink's reason for the job's trouble, or "" when it gives none. */
static void root_cause(struct flink_client *fc, const struct flink_job *job, char *out,
		       size_t n)
{
	struct error ignored;
	error_init(&ignored);
	out[0] = '\0';
	if (job->id.hex[0])
		flink_job_root_cause(fc, &job->id, out, n, &ignored);
}

static int failed(struct flink_client *fc, const struct flink_job *job, struct error *err)
{
	char cause[ERROR_MSG_MAX / 2];
	root_cause(fc, job, cause, sizeof(cause));
	return error_set(err, ERR_FAIL, "job '%s' (%s) is %s: %s", job->name, job->id.hex,
			 flink_job_state_name(job->state),
			 cause[0] ? cause : "Flink gave no reason");
}

static int timed_out(struct flink_client *fc, const struct job_wait *w,
		     const struct flink_job *job, struct error *err)
{
	long long s = (long long)(w->timeout_ms / 1000);
	if (!job->id.hex[0])
		return error_set(err, ERR_TIMEOUT,
				 "the JobManager of '%s' has not started its job within "
				 "%llds (see 'flink-cmd logs --name %s jobmanager')",
				 w->cluster, s, w->cluster);
	char cause[ERROR_MSG_MAX / 2], goal[48] = "";
	root_cause(fc, job, cause, sizeof(cause));
	if (w->goal.kind == JOB_GOAL_PARALLELISM)
		snprintf(goal, sizeof(goal), ", not %s%d",
			 w->goal.at_least ? "at least " : "", w->goal.parallelism);
	return error_set(err, ERR_TIMEOUT,
			 "job '%s' (%s) is still %s at parallelism %d%s after %llds%s%s",
			 job->name, job->id.hex, flink_job_state_name(job->state),
			 flink_job_parallelism(job), goal, s,
			 cause[0] ? "; last failure: " : "", cause);
}

/* One look: 1 reached, -1 cannot be, 0 not yet; <0 an error. */
static int look(struct flink_client *fc, const struct job_wait *w, struct flink_id *id,
		struct flink_job *job, struct error *err)
{
	if (!id->hex[0]) {
		int rc = find_only_job(fc, id, err);
		if (rc != 0)
			return rc < 0 ? rc : 0;
	}
	struct flink_job now;
	int rc = flink_job_get(fc, id, &now, err);
	if (rc < 0) {
		flink_job_release(&now);
		return rc;
	}
	flink_job_release(job);
	*job = now;
	return cluster_job_goal_check(&w->goal, job);
}

int cluster_job_wait(struct flink_client *fc, const struct job_wait *w,
		     const struct cancel *cancel, struct flink_job *last,
		     struct error *err)
{
	struct flink_job job;
	memset(&job, 0, sizeof(job));
	struct flink_id id;
	flink_id_set(&id, w->job ? w->job->hex : NULL);
	double deadline = clock_now_ms() + (double)w->timeout_ms;
	int poll_ms = w->poll_ms > 0 ? w->poll_ms : 200;
	int rc;
	for (;;) {
		if (cancel_requested(cancel)) {
			rc = error_set(
				err, ERR_INTERRUPTED,
				"interrupted while waiting for job %s (it goes on)",
				id.hex[0] ? id.hex : "to start");
			break;
		}
		struct error e;
		error_init(&e);
		int seen = look(fc, w, &id, &job, &e);
		/* a Flink that does not answer for a moment is waited out */
		if (seen < 0 && seen != ERR_FAIL) {
			*err = e;
			rc = seen;
			break;
		}
		/* the hook sees the last look too (for its note), but its
		 * objection counts only while the goal is open */
		struct error he;
		error_init(&he);
		int hrc = w->hook ? w->hook(w->hook_arg, job.id.hex[0] ? &job : NULL, &he)
				  : 0;
		if (seen == 1) {
			rc = 0;
			break;
		}
		if (seen == -1) {
			rc = failed(fc, &job, err);
			break;
		}
		if (hrc < 0) {
			*err = he;
			rc = hrc;
			break;
		}
		if (clock_now_ms() > deadline) {
			rc = timed_out(fc, w, &job, err);
			break;
		}
		for (int slept = 0; slept < poll_ms && !cancel_requested(cancel);
		     slept += 50)
			clock_sleep_ms(50);
	}
	if (last)
		*last = job;
	else
		flink_job_release(&job);
	return rc;
}
