/* `down`: remove a cluster, by label only. */
#ifndef FC_CLUSTER_DOWN_H
#define FC_CLUSTER_DOWN_H

#include <stdbool.h>

#include "cluster/engine.h"
#include "cluster/observer.h"

struct cluster_down_result {
	int containers;
	int networks;
	int volumes;
};

/* Removes every member and network labelled for `name`, and its volumes
 * when `volumes`. Nothing to remove is success (all counts 0). */
int cluster_down(struct cluster_engine *e, const char *name, bool volumes,
		 const struct cluster_observer *obs, struct cluster_down_result *out,
		 struct error *err);

#endif
