/* `up`: make a cluster exist and be ready, or bring an existing one to
 * what is asked. */
#ifndef FC_CLUSTER_UP_H
#define FC_CLUSTER_UP_H

#include <stdbool.h>

#include "cluster/engine.h"
#include "cluster/observer.h"
#include "cluster/spec.h"
#include "flink/job.h"

struct cluster_up_result {
	char *rest_url;   /* owned; "http://127.0.0.1:PORT" */
	int taskmanagers; /* registered when waited, else started */
	int slots;
	bool created;   /* false: an existing cluster was reconciled */
	double seconds; /* command start to ready */
	/* an application cluster's job, when up waited for it (id "" otherwise) */
	struct flink_id job_id;
	enum flink_job_state job_state;
	int job_parallelism; /* its largest vertex's */
	bool reactive;
};

void cluster_up_result_release(struct cluster_up_result *r);

/* Makes the cluster described by s exist and be ready: network, volume,
 * JobManager, s->taskmanagers TaskManagers; when it exists already, brings it
 * to s (starts what is stopped, adds or removes TaskManagers). With
 * s->job_jar the JobManager runs that one job (application mode) and ready
 * also means the job runs with every task up (in reactive mode, on every
 * slot); an existing application cluster keeps its job, and --job naming
 * another is ERR_USAGE. ERR_USAGE for bad input (nothing created),
 * ERR_FAIL with the root cause when the job does not start, ERR_TIMEOUT when
 * Flink is not ready in time, ERR_INTERRUPTED when cancel was requested; in
 * every failure what this call created is removed again. */
int cluster_up(struct cluster_engine *e, const struct cluster_spec *s,
	       const struct cluster_observer *obs, const struct cancel *cancel,
	       struct cluster_up_result *out, struct error *err);

#endif
