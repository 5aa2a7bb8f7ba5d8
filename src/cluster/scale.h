/* `scale`: bring a cluster to a TaskManager count. */
#ifndef FC_CLUSTER_SCALE_H
#define FC_CLUSTER_SCALE_H

#include <stdbool.h>

#include "cluster/engine.h"
#include "cluster/observer.h"
#include "util/cancel.h"

struct cluster_scale_result {
	int from;
	int to;
	double seconds; /* until Flink reported the new count */
};

/* Brings the cluster to n TaskManagers. Up: new ones side by side, then
 * waits for their registration (and removes them again if they do not
 * register). Down: TaskManagers Flink does not know first, then idle ones,
 * then the highest numbers; each stopped with SIGTERM and a grace period, so
 * Flink drops it at once instead of after a heartbeat timeout. Removing one
 * that runs tasks needs force, else ERR_USAGE naming the jobs that would
 * restart. result may be NULL. */
int cluster_scale(struct cluster_engine *e, const char *name, int n, bool force,
		  const struct cluster_observer *obs, const struct cancel *cancel,
		  struct cluster_scale_result *result, struct error *err);

#endif
