/* `down` and `gc`: removal by label only. down removes containers (at once:
 * the cluster is going, so no grace period), then the network, then the
 * volume when asked. gc decides which clusters are garbage. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cluster/inventory.h"
#include "cluster/names.h"
#include "cluster/ops.h"
#include "util/parallel.h"
#include "docker/container.h"
#include "docker/network.h"
#include "docker/volume.h"
#include "util/clock.h"
#include "util/proc.h"
#include "util/xalloc.h"

#define PARALLEL_WIDTH 8
#define LABEL_CREATOR "io.flinkcmd.creator"

struct rm_batch {
	struct docker_client *c;
	struct docker_container_summary *cts;
	struct error *errs;
};

static int rm_task(void *arg, int i, struct error *unused)
{
	(void)unused;
	struct rm_batch *b = arg;
	error_init(&b->errs[i]);
	docker_container_remove(b->c, b->cts[i].id, true, &b->errs[i]);
	return 0;
}

/* Removes containers, networks and (when wanted, or when their creator is
 * `only_creator`) volumes of inv. */
static int remove_inventory(struct docker_client *c, struct cluster_inventory *inv,
			    bool volumes, const char *only_creator,
			    struct cluster_down_result *out, struct error *err)
{
	memset(out, 0, sizeof(*out));
	struct error *errs = xcalloc((size_t)inv->n_containers + 1, sizeof(*errs));
	struct rm_batch b = {c, inv->containers, errs};
	parallel_for(inv->n_containers, PARALLEL_WIDTH, rm_task, &b, NULL);
	int rc = 0;
	for (int i = 0; i < inv->n_containers; i++) {
		if (errs[i].code && rc == 0) {
			*err = errs[i];
			rc = errs[i].code;
			error_prefix(err, "cannot remove container '%s'",
				     inv->containers[i].name);
		} else if (!errs[i].code) {
			out->containers++;
		}
	}
	free(errs);
	if (rc < 0)
		return rc;
	for (int i = 0; i < inv->n_networks; i++) {
		rc = docker_network_remove(c, inv->networks[i].id, err);
		if (rc < 0)
			return error_prefix(err, "cannot remove network '%s'",
					    inv->networks[i].name);
		out->networks++;
	}
	for (int i = 0; i < inv->n_volumes; i++) {
		const char *creator = kvlist_get(&inv->volumes[i].labels, LABEL_CREATOR);
		bool go = volumes ||
			  (only_creator && creator && strcmp(creator, only_creator) == 0);
		if (!go)
			continue;
		rc = docker_volume_remove(c, inv->volumes[i].name, err);
		if (rc < 0)
			return error_prefix(err, "cannot remove volume '%s'",
					    inv->volumes[i].name);
		out->volumes++;
	}
	return 0;
}

int cluster_down(struct docker_client *c, const char *name, bool volumes,
		 const struct cluster_observer *obs, struct cluster_down_result *out,
		 struct error *err)
{
	(void)obs;
	memset(out, 0, sizeof(*out));
	int rc = cluster_name_check(name, err);
	if (rc < 0)
		return rc;
	/* An `up` killed a moment ago may have requests still in the Engine: a
	 * container it finishes creating after our listing keeps the network
	 * busy. Look again until a pass finds nothing more to remove. */
	for (int pass = 0; pass < 5; pass++) {
		struct cluster_inventory inv;
		rc = cluster_inventory_load(c, name, &inv, err);
		if (rc < 0)
			return rc;
		bool empty = inv.n_containers == 0 && inv.n_networks == 0 &&
			     (!volumes || inv.n_volumes == 0);
		struct cluster_down_result r = {0};
		if (!empty) {
			error_init(err);
			rc = remove_inventory(c, &inv, volumes, NULL, &r, err);
		}
		cluster_inventory_release(&inv);
		out->containers += r.containers;
		out->networks += r.networks;
		out->volumes += r.volumes;
		if (empty ||
		    (rc == 0 && pass > 0 && r.containers + r.networks + r.volumes == 0))
			return 0;
		if (rc < 0 && pass == 4)
			return rc;
		if (rc < 0 || pass == 0)
			clock_sleep_ms(300);
	}
	return rc;
}

void cluster_gc_free(struct cluster_gc_entry *list, int n)
{
	for (int i = 0; i < n; i++) {
		free(list[i].name);
		free(list[i].reason);
	}
	free(list);
}

static const char *any_label(const struct cluster_inventory *inv, const char *key)
{
	for (int i = 0; i < inv->n_containers; i++)
		if (kvlist_get(&inv->containers[i].labels, key))
			return kvlist_get(&inv->containers[i].labels, key);
	for (int i = 0; i < inv->n_networks; i++)
		if (kvlist_get(&inv->networks[i].labels, key))
			return kvlist_get(&inv->networks[i].labels, key);
	for (int i = 0; i < inv->n_volumes; i++)
		if (kvlist_get(&inv->volumes[i].labels, key))
			return kvlist_get(&inv->volumes[i].labels, key);
	return NULL;
}

/* Decides whether inv is garbage; fills reason and whether volumes go, and
 * *creator (borrowed) for the half-made case. */
static bool is_garbage(const struct cluster_inventory *inv, char *reason, size_t n,
		       bool *volumes, const char **creator)
{
	*creator = NULL;
	const char *expires = any_label(inv, LABEL_EXPIRES);
	if (expires) {
		long long at = strtoll(expires, NULL, 10);
		long long now = (long long)time(NULL);
		if (at > 0 && at <= now) {
			snprintf(reason, n, "expired %llds ago (--ttl)", now - at);
			*volumes = true;
			return true;
		}
	}
	const char *owner = any_label(inv, LABEL_OWNER);
	if (owner && !proc_identity_alive(owner)) {
		snprintf(reason, n, "its owner process %ld is gone (--owner-pid)",
			 strtol(owner, NULL, 10));
		*volumes = true;
		return true;
	}
	if (inv->n_containers == 0 && inv->n_networks == 0)
		return false; /* a volume kept on purpose by `down` */
	bool jm_running =
		inv->jm >= 0 && strcmp(inv->containers[inv->jm].state, "running") == 0;
	if (jm_running)
		return false;
	/* an application cluster's JobManager exits when its job ends (stop,
	 * cancel, a bounded job): made whole, kept for `up` to resume the job */
	if (inv->jm >= 0 && strcmp(inv->containers[inv->jm].state, "exited") == 0 &&
	    kvlist_get(&inv->containers[inv->jm].labels, LABEL_SPEC_JOB))
		return false;
	/* half-made: every `up` that made part of it is gone */
	const char *made_by = NULL;
	for (int i = 0; i < inv->n_containers; i++) {
		const char *cr = kvlist_get(&inv->containers[i].labels, LABEL_CREATOR);
		if (cr && proc_identity_alive(cr))
			return false;
		if (cr)
			made_by = cr;
	}
	for (int i = 0; i < inv->n_networks; i++) {
		const char *cr = kvlist_get(&inv->networks[i].labels, LABEL_CREATOR);
		if (cr && proc_identity_alive(cr))
			return false;
		if (cr && !made_by)
			made_by = cr;
	}
	snprintf(reason, n,
		 "no JobManager is running and the command that made it is gone");
	*volumes = false;
	*creator = made_by;
	return true;
}

int cluster_gc(struct docker_client *c, bool dry_run, const struct cluster_observer *obs,
	       struct cluster_gc_entry **out, int *n, struct error *err)
{
	*out = NULL;
	*n = 0;
	char **names = NULL;
	int nnames = 0;
	int rc = cluster_list_names(c, &names, &nnames, err);
	if (rc < 0)
		return rc;
	for (int i = 0; i < nnames && rc == 0; i++) {
		struct cluster_inventory inv;
		rc = cluster_inventory_load(c, names[i], &inv, err);
		if (rc < 0)
			break;
		char reason[256];
		bool volumes = false;
		const char *creator = NULL;
		if (is_garbage(&inv, reason, sizeof(reason), &volumes, &creator)) {
			if (!dry_run) {
				struct cluster_down_result res;
				rc = remove_inventory(c, &inv, volumes, creator, &res,
						      err);
				if (rc == 0 && obs && obs->note) {
					char msg[512];
					snprintf(msg, sizeof(msg),
						 "removed cluster '%s': %s", names[i],
						 reason);
					obs->note(obs->arg, msg);
				}
			}
			if (rc == 0) {
				*out = xrealloc(*out, sizeof(**out) * (size_t)(*n + 1));
				(*out)[*n] = (struct cluster_gc_entry){
					xstrdup(names[i]), xstrdup(reason), volumes};
				(*n)++;
			}
		}
		cluster_inventory_release(&inv);
	}
	cluster_names_free(names, nnames);
	if (rc < 0) {
		cluster_gc_free(*out, *n);
		*out = NULL;
		*n = 0;
	}
	return rc;
}
