/* Loading a cluster's resources by label, and listing clusters. */
#include "cluster/inventory.h"

#include <stdlib.h>
#include <string.h>

#include "cluster/names.h"
#include "util/xalloc.h"

void cluster_inventory_release(struct cluster_inventory *inv)
{
	free(inv->name);
	docker_container_list_free(inv->containers, inv->n_containers);
	docker_named_list_free(inv->networks, inv->n_networks);
	docker_named_list_free(inv->volumes, inv->n_volumes);
	free(inv->rest_ip);
	memset(inv, 0, sizeof(*inv));
	inv->jm = -1;
}

bool cluster_inventory_empty(const struct cluster_inventory *inv)
{
	return inv->n_containers == 0 && inv->n_networks == 0 && inv->n_volumes == 0;
}

int cluster_member_index(const struct docker_container_summary *ct)
{
	const char *v = kvlist_get(&ct->labels, LABEL_INDEX);
	return v ? (int)strtol(v, NULL, 10) : 0;
}

bool cluster_member_is_tm(const struct docker_container_summary *ct)
{
	const char *role = kvlist_get(&ct->labels, LABEL_ROLE);
	return role && strcmp(role, "taskmanager") == 0;
}

static int rank(const struct docker_container_summary *ct)
{
	const char *role = kvlist_get(&ct->labels, LABEL_ROLE);
	if (role && strcmp(role, "jobmanager") == 0)
		return 0;
	return cluster_member_is_tm(ct) ? 1 + cluster_member_index(ct) : 1000000;
}

static int by_rank(const void *a, const void *b)
{
	int ra = rank(a), rb = rank(b);
	return (ra > rb) - (ra < rb);
}

int cluster_inventory_load(struct docker_client *c, const char *name,
			   struct cluster_inventory *inv, struct error *err)
{
	memset(inv, 0, sizeof(*inv));
	inv->jm = -1;
	inv->name = xstrdup(name);
	char *label = cluster_label_filter(name);
	const char *labels[] = {label, NULL};
	int rc = docker_container_list(c, labels, 8081, &inv->containers,
				       &inv->n_containers, err);
	if (rc == 0)
		rc = docker_network_list(c, labels, &inv->networks, &inv->n_networks,
					 err);
	if (rc == 0)
		rc = docker_volume_list(c, labels, &inv->volumes, &inv->n_volumes, err);
	free(label);
	if (rc < 0) {
		cluster_inventory_release(inv);
		return rc;
	}
	qsort(inv->containers, (size_t)inv->n_containers, sizeof(*inv->containers),
	      by_rank);
	for (int i = 0; i < inv->n_containers; i++) {
		if (rank(&inv->containers[i]) == 0) {
			inv->jm = i;
			inv->rest_port = inv->containers[i].public_port;
			if (inv->containers[i].public_ip)
				inv->rest_ip = xstrdup(inv->containers[i].public_ip);
			break;
		}
	}
	return 0;
}

char *cluster_rest_url(const struct cluster_inventory *inv)
{
	if (!inv->rest_port)
		return NULL;
	const char *ip = inv->rest_ip && *inv->rest_ip ? inv->rest_ip : "127.0.0.1";
	/* a wildcard binding is reached on loopback */
	if (strcmp(ip, "0.0.0.0") == 0)
		ip = "127.0.0.1";
	return xasprintf("http://%s:%d", ip, inv->rest_port);
}

void cluster_names_free(char **names, int n)
{
	for (int i = 0; i < n; i++)
		free(names[i]);
	free(names);
}

static void add_name(char ***names, int *n, const char *name)
{
	if (!name)
		return;
	for (int i = 0; i < *n; i++)
		if (strcmp((*names)[i], name) == 0)
			return;
	*names = xrealloc(*names, sizeof(char *) * (size_t)(*n + 1));
	(*names)[(*n)++] = xstrdup(name);
}

static int by_string(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int cluster_list_names(struct docker_client *c, char ***names, int *n, struct error *err)
{
	*names = NULL;
	*n = 0;
	const char *labels[] = {LABEL_CLUSTER, NULL};
	struct docker_container_summary *cts = NULL;
	struct docker_named *nets = NULL, *vols = NULL;
	int ncts = 0, nnets = 0, nvols = 0;
	int rc = docker_container_list(c, labels, 0, &cts, &ncts, err);
	if (rc == 0)
		rc = docker_network_list(c, labels, &nets, &nnets, err);
	if (rc == 0)
		rc = docker_volume_list(c, labels, &vols, &nvols, err);
	for (int i = 0; rc == 0 && i < ncts; i++)
		add_name(names, n, kvlist_get(&cts[i].labels, LABEL_CLUSTER));
	for (int i = 0; rc == 0 && i < nnets; i++)
		add_name(names, n, kvlist_get(&nets[i].labels, LABEL_CLUSTER));
	for (int i = 0; rc == 0 && i < nvols; i++)
		add_name(names, n, kvlist_get(&vols[i].labels, LABEL_CLUSTER));
	docker_container_list_free(cts, ncts);
	docker_named_list_free(nets, nnets);
	docker_named_list_free(vols, nvols);
	if (rc < 0) {
		cluster_names_free(*names, *n);
		*names = NULL;
		*n = 0;
		return rc;
	}
	qsort(*names, (size_t)*n, sizeof(char *), by_string);
	return 0;
}
