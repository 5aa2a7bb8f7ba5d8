/* A snapshot of one cluster: its containers from the Engine and, when the
 * JobManager answers, Flink's view (TaskManagers and slots, jobs, the
 * latest checkpoint of each job). Used by `status` and `top`. */
#ifndef FC_CLUSTER_STATUS_H
#define FC_CLUSTER_STATUS_H

#include <stdbool.h>

#include "cluster/engine.h"
#include "cluster/inventory.h"
#include "flink/checkpoints.h"
#include "flink/client.h"
#include "flink/job.h"

struct cluster_status {
	struct cluster_inventory inv; /* owned */
	char *rest_url;               /* owned or NULL */
	bool flink_ok;                /* Flink answered */
	struct error flink_error;     /* why not, when !flink_ok */
	struct flink_overview overview;
	struct flink_taskmanager *tms; /* owned */
	int n_tms;
	struct flink_job *jobs; /* owned, newest first */
	int n_jobs;
	struct flink_checkpoint_stats
		*checkpoints; /* owned, one per job (zero when none) */
};

/* ERR_NOTFOUND when nothing of the cluster exists. Flink being unreachable
 * is not an error: flink_ok says so and flink_error says why, and then no
 * TaskManagers or jobs are given (not a part of them). */
int cluster_status_load(struct cluster_engine *e, const char *name,
			struct cluster_status *st, struct error *err);
void cluster_status_release(struct cluster_status *st);

#endif
