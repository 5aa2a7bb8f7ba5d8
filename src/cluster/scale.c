/* `scale N`: a plan that adds TaskManagers side by side, or removes idle
 * ones first with a graceful stop, applied through the engine; then a wait
 * until Flink agrees. */
#include "cluster/scale.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cluster/plan.h"
#include "cluster/ready.h"
#include "cluster/spec.h"
#include "flink/client.h"
#include "util/clock.h"
#include "util/json.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

/* How long Flink gets to agree after TaskManagers went. */
#define SCALE_DOWN_WAIT_MS 60000

/* The name of job jid from GET /jobs/overview, else the id itself. */
static const char *job_name(const cJSON *jobs, const char *jid)
{
	const cJSON *j;
	cJSON_ArrayForEach (j, json_get(jobs, "jobs")) {
		const char *id = json_str(j, "jid");
		if (id && strcmp(id, jid) == 0 && json_str(j, "name"))
			return json_str(j, "name");
	}
	return jid;
}

/* "'name' (abc123)" for every job holding slots on the members going. */
static void busy_jobs(struct flink_client *fc, const struct plan_step *going,
		      struct strbuf *out)
{
	cJSON *jobs = NULL;
	struct error e;
	error_init(&e);
	flink_call(fc, "GET", "/jobs/overview", NULL, &jobs, &e);
	for (int v = 0; v < going->n; v++) {
		char *path = xasprintf("/taskmanagers/%s", going->items[v].name);
		cJSON *tm = NULL;
		if (flink_call(fc, "GET", path, NULL, &tm, &e) == 0) {
			const cJSON *slot;
			cJSON_ArrayForEach (slot, json_get(tm, "allocatedSlots")) {
				const char *jid = json_str(slot, "jobId");
				if (!jid || strstr(out->buf, jid))
					continue;
				strbuf_addf(out, "%s'%s' (%s)", out->len ? ", " : "",
					    job_name(jobs, jid), jid);
			}
		}
		cJSON_Delete(tm);
		free(path);
	}
	cJSON_Delete(jobs);
}

/* Flink's view of the TaskManagers, as the plan wants it. */
static int tm_loads(struct flink_client *fc, struct flink_taskmanager **tms, int *n,
		    struct tm_load **loads, struct error *err)
{
	int rc = flink_taskmanagers_get(fc, tms, n, err);
	if (rc < 0)
		return error_prefix(err, "cannot tell idle TaskManagers from busy ones");
	*loads = xcalloc((size_t)*n + 1, sizeof(**loads));
	for (int i = 0; i < *n; i++)
		(*loads)[i] = (struct tm_load){(*tms)[i].id, (*tms)[i].slots,
					       (*tms)[i].free_slots};
	return 0;
}

static int scale_down(struct cluster_engine *e, const struct cluster_inventory *inv,
		      const struct cluster_spec *s, int n, bool force,
		      const struct cluster_observer *obs, const struct cancel *cancel,
		      struct error *err)
{
	struct flink_client *fc = flink_client_new(inv->rest_url, cancel);
	struct flink_taskmanager *tms = NULL;
	struct tm_load *loads = NULL;
	int ntms = 0;
	struct cluster_plan plan;
	cluster_plan_init(&plan);
	struct strbuf jobs;
	strbuf_init(&jobs, 0);
	int rc = tm_loads(fc, &tms, &ntms, &loads, err);
	if (rc == 0 && cluster_plan_scale_down(inv, loads, ntms, n, &plan) > 0)
		busy_jobs(fc, &plan.steps[0], &jobs);
	if (rc == 0 && jobs.len && !force)
		rc = error_set(
			err, ERR_USAGE,
			"scaling to %d would stop TaskManagers running tasks of job %s "
			"(use --force: the jobs restart from their latest checkpoint)",
			n, jobs.buf);
	else if (rc == 0 && jobs.len)
		cluster_note(obs, "jobs that will restart: %s", jobs.buf);
	struct plan_journal j;
	plan_journal_init(&j);
	if (rc == 0)
		rc = cluster_plan_apply(e, &plan, s, NULL, &j, obs, cancel, err);
	struct cluster_ready ready;
	if (rc == 0)
		rc = cluster_ready_wait(e, s->name, inv->rest_url, n, n * s->slots,
					SCALE_DOWN_WAIT_MS, obs, cancel, &ready, err);
	plan_journal_release(&j);
	strbuf_release(&jobs);
	cluster_plan_release(&plan);
	free(loads);
	flink_taskmanagers_free(tms, ntms);
	flink_client_free(fc);
	return rc;
}

static int scale_up(struct cluster_engine *e, const struct cluster_inventory *inv,
		    const struct cluster_spec *s, int n,
		    const struct cluster_observer *obs, const struct cancel *cancel,
		    struct error *err)
{
	struct cluster_plan plan;
	cluster_plan_scale_up(inv, n, &plan);
	struct plan_journal j;
	plan_journal_init(&j);
	int rc = cluster_plan_apply(e, &plan, s, NULL, &j, obs, cancel, err);
	struct cluster_ready ready;
	if (rc == 0)
		rc = cluster_ready_wait(e, s->name, inv->rest_url, n, n * s->slots,
					s->timeout_ms, obs, cancel, &ready, err);
	/* the cluster stays as it was */
	if (rc < 0)
		cluster_plan_undo(e, &j, NULL);
	plan_journal_release(&j);
	cluster_plan_release(&plan);
	return rc;
}

/* The cluster as it is and the spec it was made with. */
static int load(struct cluster_engine *e, const char *name, struct cluster_inventory *inv,
		struct cluster_spec *s, struct error *err)
{
	cluster_spec_init(s);
	int rc = cluster_engine_inventory(e, name, inv, err);
	if (rc < 0)
		return rc;
	const struct cluster_member *jm = cluster_inventory_jm(inv);
	if (!jm)
		return error_set(
			err, ERR_USAGE,
			"there is no cluster named '%s' (start one with 'flink-cmd up "
			"--name %s')",
			name, name);
	cluster_spec_release(s);
	rc = cluster_spec_from_labels(s, &jm->labels, err);
	if (rc == 0 && !inv->rest_url)
		rc = error_set(err, ERR_FAIL,
			       "the JobManager of '%s' is not running (start it with "
			       "'flink-cmd up --name %s')",
			       name, name);
	return rc;
}

int cluster_scale(struct cluster_engine *e, const char *name, int n, bool force,
		  const struct cluster_observer *obs, const struct cancel *cancel,
		  struct cluster_scale_result *result, struct error *err)
{
	double t0 = clock_now_s();
	if (n < 1 || n > CLUSTER_MAX_TASKMANAGERS)
		return error_set(
			err, ERR_USAGE,
			"scale %d is out of range: a cluster has 1 to %d TaskManagers", n,
			CLUSTER_MAX_TASKMANAGERS);
	struct cluster_inventory inv;
	struct cluster_spec s;
	int rc = load(e, name, &inv, &s, err);
	int have = cluster_inventory_tm_count(&inv);
	if (rc == 0 && result) {
		result->from = have;
		result->to = n;
	}
	if (rc == 0 && n > have)
		rc = scale_up(e, &inv, &s, n, obs, cancel, err);
	else if (rc == 0 && n < have)
		rc = scale_down(e, &inv, &s, n, force, obs, cancel, err);
	if (result)
		result->seconds = clock_now_s() - t0;
	cluster_spec_release(&s);
	cluster_inventory_release(&inv);
	return rc;
}
