/* Applying a plan through the engine seam, one step at a time, each batch
 * side by side inside the engine. Whatever a step creates is written in the
 * journal before the next step starts, so an undo removes exactly what this
 * run made, never what was there before. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cluster/members.h"
#include "cluster/names.h"
#include "cluster/plan.h"
#include "util/xalloc.h"

void plan_journal_init(struct plan_journal *j)
{
	memset(j, 0, sizeof(*j));
}

void plan_journal_release(struct plan_journal *j)
{
	for (int i = 0; i < j->n_members; i++)
		free(j->members[i]);
	free(j->members);
	free(j->network);
	free(j->volume);
	memset(j, 0, sizeof(*j));
}

/* The ids of members created so far, by role and index, for the start. */
struct made {
	enum member_role role;
	int index;
	const char *id; /* borrowed from the journal */
};

struct apply {
	struct cluster_engine *e;
	const struct cluster_spec *spec;
	const struct kvlist *extra;
	struct plan_journal *j;
	const struct cluster_observer *obs;
	const struct cancel *cancel;
	struct made *made;
	int n_made;
};

static void journal_member(struct apply *a, const struct plan_item *it, const char *id)
{
	struct plan_journal *j = a->j;
	j->members = xrealloc(j->members, sizeof(char *) * (size_t)(j->n_members + 1));
	j->members[j->n_members++] = xstrdup(id);
	a->made = xrealloc(a->made, sizeof(*a->made) * (size_t)(a->n_made + 1));
	a->made[a->n_made++] = (struct made){it->role, it->index, NULL};
}

/* Labels of everything the plan creates: the cluster's and the extra ones. */
static void resource_labels(const struct apply *a, struct kvlist *labels)
{
	kvlist_init(labels);
	cluster_labels(labels, a->spec->name, NULL, 0);
	for (int i = 0; a->extra && i < a->extra->n; i++)
		kvlist_set(labels, a->extra->keys[i], a->extra->values[i]);
}

static int create_network(struct apply *a, const struct plan_item *it, struct error *err)
{
	struct kvlist labels;
	resource_labels(a, &labels);
	int rc = a->e->ops->network_create(a->e->impl, a->spec->name, it->name, &labels,
					   &a->j->network, err);
	kvlist_release(&labels);
	if (rc == 0)
		cluster_note(a->obs, "created network '%s'", it->name);
	return rc;
}

static int create_volume(struct apply *a, const struct plan_item *it, struct error *err)
{
	struct kvlist labels;
	resource_labels(a, &labels);
	int rc = a->e->ops->volume_create(a->e->impl, a->spec->name, it->name, &labels,
					  err);
	kvlist_release(&labels);
	if (rc == 0) {
		a->j->volume = xstrdup(it->name);
		cluster_note(a->obs, "created volume '%s'", it->name);
	}
	return rc;
}

static int create_members(struct apply *a, const struct plan_step *s, struct error *err)
{
	struct member_spec *specs = xcalloc((size_t)s->n, sizeof(*specs));
	char **ids = xcalloc((size_t)s->n, sizeof(*ids));
	int rc = 0, tms = 0;
	for (int i = 0; i < s->n && rc == 0; i++)
		rc = cluster_member_spec(a->spec, s->items[i].role, s->items[i].index,
					 a->extra, &specs[i], err);
	if (rc == 0)
		rc = a->e->ops->members_create(a->e->impl, specs, s->n, ids, err);
	for (int i = 0; i < s->n; i++) {
		if (ids[i]) {
			journal_member(a, &s->items[i], ids[i]);
			tms += s->items[i].role == MEMBER_TASKMANAGER;
		}
		free(ids[i]);
		member_spec_release(&specs[i]);
	}
	/* the journal owns the ids now; point the start list at its copies */
	for (int i = 0; i < a->n_made; i++)
		a->made[i].id = a->j->members[i];
	free(ids);
	free(specs);
	if (rc == 0 && tms > 0)
		cluster_note(a->obs, "created %d TaskManager container(s)", tms);
	return rc;
}

/* The step's member ids: existing ones as planned, new ones from what this
 * apply created. Owned array of borrowed strings; *n may be less than
 * s->n when a member to create was not. */
static char **member_ids(const struct apply *a, const struct plan_step *s, int *n)
{
	char **ids = xcalloc((size_t)s->n + 1, sizeof(*ids));
	*n = 0;
	for (int i = 0; i < s->n; i++) {
		const struct plan_item *it = &s->items[i];
		const char *id = it->id;
		for (int m = 0; !id && m < a->n_made; m++)
			if (a->made[m].role == it->role && a->made[m].index == it->index)
				id = a->made[m].id;
		if (id)
			ids[(*n)++] = (char *)id;
	}
	return ids;
}

static int act_on_members(struct apply *a, const struct plan_step *s, struct error *err)
{
	int n;
	char **ids = member_ids(a, s, &n);
	const struct cluster_engine_ops *ops = a->e->ops;
	int rc = 0;
	switch (s->kind) {
	case PLAN_STOP_MEMBERS:
		rc = ops->members_stop(a->e->impl, ids, n, a->cancel, err);
		if (rc == 0)
			cluster_note(a->obs, "%s",
				     s->note ? s->note : "stopped the members");
		break;
	case PLAN_START_MEMBERS:
		rc = ops->members_start(a->e->impl, ids, n, a->cancel, err);
		if (rc == 0)
			cluster_note(a->obs, "started %d container(s)", n);
		break;
	default: /* PLAN_REMOVE_MEMBERS */
		/* SIGTERM first lets a TaskManager tell Flink it is leaving */
		if (s->graceful)
			rc = ops->members_stop(a->e->impl, ids, n, a->cancel, err);
		if (rc == 0)
			rc = ops->members_remove(a->e->impl, ids, n, err);
		if (rc == 0)
			a->j->removed_members += n;
		break;
	}
	free(ids);
	return rc;
}

static int remove_resources(struct apply *a, const struct plan_step *s, struct error *err)
{
	bool nets = s->kind == PLAN_REMOVE_NETWORKS;
	for (int i = 0; i < s->n; i++) {
		const struct plan_item *it = &s->items[i];
		int rc = nets ? a->e->ops->network_remove(a->e->impl, it->id, err)
			      : a->e->ops->volume_remove(a->e->impl, it->id, err);
		if (rc < 0)
			return error_prefix(err, "cannot remove %s '%s'",
					    nets ? "network" : "volume", it->name);
		if (nets)
			a->j->removed_networks++;
		else
			a->j->removed_volumes++;
	}
	return 0;
}

static int run_step(struct apply *a, const struct plan_step *s, struct error *err)
{
	switch (s->kind) {
	case PLAN_CREATE_NETWORK:
		return create_network(a, &s->items[0], err);
	case PLAN_CREATE_VOLUME:
		return create_volume(a, &s->items[0], err);
	case PLAN_CREATE_MEMBERS:
		return create_members(a, s, err);
	case PLAN_STOP_MEMBERS:
	case PLAN_START_MEMBERS:
	case PLAN_REMOVE_MEMBERS:
		return act_on_members(a, s, err);
	case PLAN_REMOVE_NETWORKS:
	case PLAN_REMOVE_VOLUMES:
		return remove_resources(a, s, err);
	}
	return 0;
}

int cluster_plan_apply(struct cluster_engine *e, const struct cluster_plan *p,
		       const struct cluster_spec *spec, const struct kvlist *extra,
		       struct plan_journal *j, const struct cluster_observer *obs,
		       const struct cancel *cancel, struct error *err)
{
	struct apply a = {.e = e,
			  .spec = spec,
			  .extra = extra,
			  .j = j,
			  .obs = obs,
			  .cancel = cancel};
	int rc = 0;
	for (int s = 0; s < p->n && rc == 0; s++) {
		rc = cancel_check(cancel, err);
		if (rc == 0)
			rc = run_step(&a, &p->steps[s], err);
	}
	free(a.made);
	return rc;
}

void cluster_plan_undo(struct cluster_engine *e, const struct plan_journal *j,
		       const struct cluster_observer *obs)
{
	struct error ignored;
	error_init(&ignored);
	e->ops->members_remove(e->impl, j->members, j->n_members, &ignored);
	if (j->network)
		e->ops->network_remove(e->impl, j->network, &ignored);
	if (j->volume)
		e->ops->volume_remove(e->impl, j->volume, &ignored);
	if (j->n_members || j->network || j->volume)
		cluster_note(obs, "removed what this command created");
}
