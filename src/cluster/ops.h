/* Cluster operations: up (create or reconcile), scale, down, gc. Each works
 * only on resources carrying the cluster's labels, reports progress through
 * an observer (never prints), honours a cancel flag, and undoes what it
 * created when it fails or is interrupted. */
#ifndef FC_CLUSTER_OPS_H
#define FC_CLUSTER_OPS_H

#include <stdbool.h>
#include <stdint.h>

#include "cluster/spec.h"
#include "docker/client.h"

struct cluster_observer {
	/* a step worth a line: "created network 'x'" */
	void (*note)(void *arg, const char *msg);
	/* readiness: registered TaskManagers and slots against the goal */
	void (*waiting)(void *arg, int tms, int want_tms, int slots, int want_slots);
	void *arg;
};

struct cluster_up_result {
	char *rest_url;   /* owned; "http://127.0.0.1:PORT" */
	int taskmanagers; /* registered when waited, else started */
	int slots;
	bool created;   /* false: an existing cluster was reconciled */
	double seconds; /* command start to ready */
	/* an application cluster's job, when up waited for it ("" otherwise) */
	char job_id[33];
	char job_state[24];
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
 * Flink is not ready in time, ERR_INTERRUPTED when *cancel was set; in every
 * failure what this call created is removed again. */
int cluster_up(struct docker_client *c, const struct cluster_spec *s,
	       const struct cluster_observer *obs, const struct cancel *cancel,
	       struct cluster_up_result *out, struct error *err);

struct cluster_scale_result {
	int from;
	int to;
	double seconds; /* until Flink reported the new count */
};

/* Brings the cluster to n TaskManagers. Up: new containers in parallel, then
 * waits for their registration. Down: idle TaskManagers (no used slots)
 * first, then the highest numbers; each stopped with SIGTERM and a grace
 * period, so Flink drops it at once instead of after a heartbeat timeout.
 * Removing one that runs tasks needs force, else ERR_USAGE naming the jobs
 * that would restart. result may be NULL. */
int cluster_scale(struct docker_client *c, const char *name, int n, bool force,
		  const struct cluster_observer *obs, const struct cancel *cancel,
		  struct cluster_scale_result *result, struct error *err);

struct cluster_down_result {
	int containers;
	int networks;
	int volumes;
};

/* Removes every container and network labelled for `name`, and its volumes
 * when `volumes`. Nothing to remove is success (all counts 0). */
int cluster_down(struct docker_client *c, const char *name, bool volumes,
		 const struct cluster_observer *obs, struct cluster_down_result *out,
		 struct error *err);

struct cluster_gc_entry {
	char *name;   /* owned */
	char *reason; /* owned: "expired 5m ago", "owner 1234 is gone", ... */
	bool volumes; /* its volumes go too */
};

/* Finds clusters that expired (--ttl), whose owner process is gone
 * (--owner-pid), or that an `up` killed mid-way left behind (no JobManager
 * running and the `up` that made them is gone), and removes them unless
 * dry_run. *out is an owned array of *n entries; free with
 * cluster_gc_free. */
int cluster_gc(struct docker_client *c, bool dry_run, const struct cluster_observer *obs,
	       struct cluster_gc_entry **out, int *n, struct error *err);
void cluster_gc_free(struct cluster_gc_entry *list, int n);

#endif
