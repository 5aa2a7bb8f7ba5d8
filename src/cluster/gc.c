/* `gc`: which clusters are garbage (expired, owner gone, left half-made by
 * a killed `up`), each removed with a down plan. */
#include "cluster/gc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cluster/defaults.h"
#include "cluster/plan.h"
#include "util/proc.h"
#include "util/xalloc.h"

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
	for (int i = 0; i < inv->n_members; i++)
		if (kvlist_get(&inv->members[i].labels, key))
			return kvlist_get(&inv->members[i].labels, key);
	for (int i = 0; i < inv->n_networks; i++)
		if (kvlist_get(&inv->networks[i].labels, key))
			return kvlist_get(&inv->networks[i].labels, key);
	for (int i = 0; i < inv->n_volumes; i++)
		if (kvlist_get(&inv->volumes[i].labels, key))
			return kvlist_get(&inv->volumes[i].labels, key);
	return NULL;
}

/* Half-made: no `up` that made part of it still runs. *made_by is the
 * creator of its members or networks, borrowed. */
static bool abandoned(const struct cluster_inventory *inv, const char **made_by)
{
	*made_by = NULL;
	for (int i = 0; i < inv->n_members; i++) {
		const char *cr = kvlist_get(&inv->members[i].labels, LABEL_CREATOR);
		if (cr && proc_identity_alive(cr))
			return false;
		if (cr)
			*made_by = cr;
	}
	for (int i = 0; i < inv->n_networks; i++) {
		const char *cr = kvlist_get(&inv->networks[i].labels, LABEL_CREATOR);
		if (cr && proc_identity_alive(cr))
			return false;
		if (cr && !*made_by)
			*made_by = cr;
	}
	return true;
}

bool cluster_gc_is_garbage(const struct cluster_inventory *inv, long long now,
			   char *reason, size_t n, bool *volumes, const char **creator)
{
	*creator = NULL;
	const char *expires = any_label(inv, LABEL_EXPIRES);
	long long at = expires ? strtoll(expires, NULL, 10) : 0;
	if (at > 0 && at <= now) {
		snprintf(reason, n, "expired %llds ago (--ttl)", now - at);
		*volumes = true;
		return true;
	}
	const char *owner = any_label(inv, LABEL_OWNER);
	if (owner && !proc_identity_alive(owner)) {
		snprintf(reason, n, "its owner process %ld is gone (--owner-pid)",
			 strtol(owner, NULL, 10));
		*volumes = true;
		return true;
	}
	if (inv->n_members == 0 && inv->n_networks == 0)
		return false; /* a volume kept on purpose by `down` */
	const struct cluster_member *jm = cluster_inventory_jm(inv);
	if (jm && jm->state == MEMBER_RUNNING)
		return false;
	/* an application cluster's JobManager exits when its job ends (stop,
	 * cancel, a bounded job): made whole, kept for `up` to resume the job */
	if (jm && jm->state == MEMBER_EXITED && kvlist_get(&jm->labels, LABEL_SPEC_JOB))
		return false;
	if (!abandoned(inv, creator))
		return false;
	snprintf(reason, n,
		 "no JobManager is running and the command that made it is gone");
	*volumes = false;
	return true;
}

/* Looks at one cluster; appends it to the list when it is garbage, after
 * removing it unless dry_run. */
static int collect(struct cluster_engine *e, const char *name, bool dry_run,
		   const struct cluster_observer *obs, struct cluster_gc_entry **out,
		   int *n, struct error *err)
{
	struct cluster_inventory inv;
	int rc = cluster_engine_inventory(e, name, &inv, err);
	if (rc < 0)
		return rc;
	char reason[256];
	bool volumes = false;
	const char *creator = NULL;
	if (!cluster_gc_is_garbage(&inv, (long long)time(NULL), reason, sizeof(reason),
				   &volumes, &creator)) {
		cluster_inventory_release(&inv);
		return 0;
	}
	if (!dry_run) {
		struct cluster_plan plan;
		cluster_plan_down(&inv, volumes, creator, &plan);
		struct plan_journal j;
		plan_journal_init(&j);
		rc = cluster_plan_apply(e, &plan, NULL, NULL, &j, obs, NULL, err);
		plan_journal_release(&j);
		cluster_plan_release(&plan);
		if (rc == 0)
			cluster_note(obs, "removed cluster '%s': %s", name, reason);
	}
	if (rc == 0) {
		*out = xrealloc(*out, sizeof(**out) * (size_t)(*n + 1));
		(*out)[(*n)++] = (struct cluster_gc_entry){xstrdup(name), xstrdup(reason),
							   volumes};
	}
	cluster_inventory_release(&inv);
	return rc;
}

int cluster_gc(struct cluster_engine *e, bool dry_run, const struct cluster_observer *obs,
	       struct cluster_gc_entry **out, int *n, struct error *err)
{
	*out = NULL;
	*n = 0;
	char **names = NULL;
	int nnames = 0;
	int rc = cluster_engine_cluster_names(e, &names, &nnames, err);
	for (int i = 0; i < nnames && rc == 0; i++)
		rc = collect(e, names[i], dry_run, obs, out, n, err);
	cluster_names_free(names, nnames);
	if (rc < 0) {
		cluster_gc_free(*out, *n);
		*out = NULL;
		*n = 0;
	}
	return rc;
}
