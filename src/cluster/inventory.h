/* What of a cluster exists on the Engine now, found only by its labels:
 * containers by role, its network, its volume. The Engine is the only
 * state; this is a snapshot of it. */
#ifndef FC_CLUSTER_INVENTORY_H
#define FC_CLUSTER_INVENTORY_H

#include <stdbool.h>
#include <stdint.h>

#include "docker/client.h"
#include "docker/container.h"
#include "docker/network.h"
#include "docker/volume.h"

struct cluster_inventory {
	char *name; /* owned */
	struct docker_container_summary
		*containers; /* owned, sorted: jm, then TMs by index */
	int n_containers;
	struct docker_named *networks; /* owned */
	int n_networks;
	struct docker_named *volumes; /* owned */
	int n_volumes;
	int jm;        /* index into containers, or -1 */
	int rest_port; /* host port of the JobManager's REST, or 0 */
	char *rest_ip; /* owned, or NULL */
};

/* Loads everything labelled io.flinkcmd.cluster=name. A cluster with
 * nothing on the Engine is an empty inventory, not an error. */
int cluster_inventory_load(struct docker_client *c, const char *name,
			   struct cluster_inventory *inv, struct error *err);
void cluster_inventory_release(struct cluster_inventory *inv);

/* True when nothing of the cluster exists. */
bool cluster_inventory_empty(const struct cluster_inventory *inv);

/* The TaskManager index of a container (its io.flinkcmd.index), or 0. */
int cluster_member_index(const struct docker_container_summary *ct);
/* True when ct is a TaskManager. */
bool cluster_member_is_tm(const struct docker_container_summary *ct);

/* Names of every cluster on the Engine (from containers, networks and
 * volumes), sorted, owned array of owned strings. */
int cluster_list_names(struct docker_client *c, char ***names, int *n, struct error *err);
void cluster_names_free(char **names, int n);

/* "http://IP:PORT" for the REST API, owned, or NULL when not published. */
char *cluster_rest_url(const struct cluster_inventory *inv);

#endif
