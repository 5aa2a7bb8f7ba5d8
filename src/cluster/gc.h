/* `gc`: find and remove clusters that are garbage. */
#ifndef FC_CLUSTER_GC_H
#define FC_CLUSTER_GC_H

#include <stdbool.h>

#include "cluster/engine.h"
#include "cluster/inventory.h"
#include "cluster/observer.h"

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
int cluster_gc(struct cluster_engine *e, bool dry_run, const struct cluster_observer *obs,
	       struct cluster_gc_entry **out, int *n, struct error *err);
void cluster_gc_free(struct cluster_gc_entry *list, int n);

/* Whether the cluster in inv is garbage at time now (epoch s); reads the
 * process table for owners, never the engine. Fills
 * reason, whether its volumes go, and *creator (borrowed from inv:
 * the killed `up` whose volumes go too) when it was left half-made. */
bool cluster_gc_is_garbage(const struct cluster_inventory *inv, long long now,
			   char *reason, size_t n, bool *volumes, const char **creator);

#endif
