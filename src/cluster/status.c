/* Gathering a cluster's status; Flink calls go side by side so the whole
 * snapshot costs about one round trip. */
#include "cluster/status.h"

#include <stdlib.h>
#include <string.h>

#include "util/parallel.h"
#include "util/xalloc.h"

void cluster_status_release(struct cluster_status *st)
{
	cluster_inventory_release(&st->inv);
	free(st->rest_url);
	flink_taskmanagers_free(st->tms, st->n_tms);
	flink_jobs_free(st->jobs, st->n_jobs);
	for (int i = 0; st->checkpoints && i < st->n_jobs; i++)
		flink_checkpoint_stats_release(&st->checkpoints[i]);
	free(st->checkpoints);
	memset(st, 0, sizeof(*st));
}

struct fetch {
	struct flink_client *fc;
	struct cluster_status *st;
};

static int fetch_task(void *arg, int i, struct error *err)
{
	struct fetch *f = arg;
	if (i == 0)
		return flink_overview_get(f->fc, &f->st->overview, err);
	if (i == 1)
		return flink_taskmanagers_get(f->fc, &f->st->tms, &f->st->n_tms, err);
	return flink_jobs_get(f->fc, &f->st->jobs, &f->st->n_jobs, err);
}

static int checkpoint_task(void *arg, int i, struct error *err)
{
	struct fetch *f = arg;
	/* checkpointing off is ERR_NOTFOUND: the zeroed stats say "none", and no
	 * job's checkpoints are worth failing the status for */
	if (flink_checkpoints_get(f->fc, &f->st->jobs[i].id, &f->st->checkpoints[i],
				  err) < 0)
		flink_checkpoint_stats_release(&f->st->checkpoints[i]);
	return 0;
}

int cluster_status_load(struct cluster_engine *e, const char *name,
			struct cluster_status *st, struct error *err)
{
	memset(st, 0, sizeof(*st));
	int rc = cluster_engine_inventory(e, name, &st->inv, err);
	if (rc < 0)
		return rc;
	if (cluster_inventory_empty(&st->inv)) {
		cluster_status_release(st);
		return error_set(
			err, ERR_NOTFOUND,
			"there is no cluster named '%s' (start one with 'flink-cmd up "
			"--name %s')",
			name, name);
	}
	st->rest_url = st->inv.rest_url ? xstrdup(st->inv.rest_url) : NULL;
	if (!st->rest_url) {
		error_set(&st->flink_error, ERR_FAIL, "the JobManager is not running");
		return 0;
	}
	struct flink_client *fc = flink_client_new(st->rest_url, NULL);
	fc->timeout_ms = 3000;
	struct fetch f = {.fc = fc, .st = st};
	st->flink_ok = parallel_for(3, 3, fetch_task, &f, &st->flink_error) == 0;
	if (!st->flink_ok) {
		/* a Flink that answered in part is not half-shown */
		flink_taskmanagers_free(st->tms, st->n_tms);
		flink_jobs_free(st->jobs, st->n_jobs);
		st->tms = NULL;
		st->jobs = NULL;
		st->n_tms = st->n_jobs = 0;
	}
	if (st->flink_ok && st->n_jobs > 0) {
		st->checkpoints = xcalloc((size_t)st->n_jobs, sizeof(*st->checkpoints));
		/* the newest jobs are the ones a person asks about */
		parallel_for(st->n_jobs < 16 ? st->n_jobs : 16, 8, checkpoint_task, &f,
			     NULL);
	}
	flink_client_free(fc);
	return 0;
}
