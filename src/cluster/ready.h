/* Waiting for Flink to report a cluster ready, watching its members so
 * that one that dies ends the wait at once with why. */
#ifndef FC_CLUSTER_READY_H
#define FC_CLUSTER_READY_H

#include <stdint.h>

#include "cluster/engine.h"
#include "cluster/observer.h"

#define CLUSTER_POLL_MS 100

struct cluster_ready {
	int taskmanagers;
	int slots_total;
	char flink_version[32];
};

/* Polls rest_url/overview until it reports want_tms TaskManagers and
 * want_slots slots (exactly), calling obs->waiting on every change.
 * ERR_TIMEOUT after timeout_ms, ERR_INTERRUPTED when cancel is requested,
 * ERR_FAIL when a member of the cluster stops meanwhile. */
int cluster_ready_wait(struct cluster_engine *e, const char *name, const char *rest_url,
		       int want_tms, int want_slots, int64_t timeout_ms,
		       const struct cluster_observer *obs, const struct cancel *cancel,
		       struct cluster_ready *out, struct error *err);

#endif
