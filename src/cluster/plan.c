/* Making plans: pure functions from an inventory and a goal to steps. No
 * engine, no clock, no I/O; cluster/plan_apply.c runs them. */
#include "cluster/plan.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cluster/names.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

void cluster_plan_init(struct cluster_plan *p)
{
	memset(p, 0, sizeof(*p));
}

void cluster_plan_release(struct cluster_plan *p)
{
	for (int s = 0; s < p->n; s++) {
		for (int i = 0; i < p->steps[s].n; i++) {
			free(p->steps[s].items[i].id);
			free(p->steps[s].items[i].name);
		}
		free(p->steps[s].items);
	}
	free(p->steps);
	memset(p, 0, sizeof(*p));
}

/* Gives p the steps of kinds, in order, each empty: a plan is made by
 * filling them (pointers into p->steps stay valid while no step is added),
 * then dropping those left empty. */
static void add_steps(struct cluster_plan *p, const enum plan_step_kind *kinds, int n)
{
	p->steps = xcalloc((size_t)n, sizeof(*p->steps));
	p->n = n;
	for (int i = 0; i < n; i++)
		p->steps[i].kind = kinds[i];
}

static void add_item(struct plan_step *s, enum member_role role, int index,
		     const char *id, const char *name)
{
	s->items = xrealloc(s->items, sizeof(*s->items) * (size_t)(s->n + 1));
	s->items[s->n++] = (struct plan_item){
		.role = role,
		.index = index,
		.id = id ? xstrdup(id) : NULL,
		.name = xstrdup(name),
	};
}

static void add_member(struct plan_step *s, const struct cluster_member *m)
{
	add_item(s, m->role, m->index, m->id, m->name);
}

/* Adds to `create` (and `start`) the TaskManagers that make have's count n:
 * the lowest free numbers, so names stay short and stable. */
static void add_missing_tms(const struct cluster_inventory *have, const char *cluster,
			    int n, struct plan_step *create, struct plan_step *start)
{
	int need = n - cluster_inventory_tm_count(have);
	for (int index = 1; need > 0; index++) {
		if (cluster_inventory_tm(have, index))
			continue;
		char *name = cluster_tm_name(cluster, index);
		add_item(create, MEMBER_TASKMANAGER, index, NULL, name);
		add_item(start, MEMBER_TASKMANAGER, index, NULL, name);
		free(name);
		need--;
	}
}

/* Drops steps that ended up with nothing to do. */
static void drop_empty(struct cluster_plan *p)
{
	int k = 0;
	for (int s = 0; s < p->n; s++) {
		bool empty = p->steps[s].n == 0;
		if (empty)
			free(p->steps[s].items);
		else
			p->steps[k++] = p->steps[s];
	}
	p->n = k;
}

void cluster_plan_up(const struct cluster_inventory *have,
		     const struct cluster_spec *want, struct cluster_plan *out)
{
	cluster_plan_init(out);
	static const enum plan_step_kind kinds[] = {
		PLAN_CREATE_NETWORK, PLAN_CREATE_VOLUME, PLAN_STOP_MEMBERS,
		PLAN_CREATE_MEMBERS, PLAN_START_MEMBERS,
	};
	add_steps(out, kinds, 5);
	struct plan_step *net = &out->steps[0], *vol = &out->steps[1],
			 *stop = &out->steps[2], *create = &out->steps[3],
			 *start = &out->steps[4];
	const struct cluster_member *jm = cluster_inventory_jm(have);
	out->creates = jm == NULL;
	out->jm_again = jm && jm->state != MEMBER_RUNNING;
	if (have->n_networks == 0) {
		char *name = cluster_net_name(want->name);
		add_item(net, MEMBER_OTHER, 0, NULL, name);
		free(name);
	}
	if (have->n_volumes == 0) {
		char *name = cluster_volume_name(want->name);
		add_item(vol, MEMBER_OTHER, 0, NULL, name);
		free(name);
	}
	stop->note = "stopped the TaskManagers to restart them with the JobManager";
	/* TaskManagers still running would notice a JobManager started again
	 * only when its predecessor's heartbeat times out (50 s); restarted
	 * with it, they register at once. It runs no job they could lose (no
	 * HA: the old JobManager's jobs went with it; an application one
	 * resumes its job from its state). */
	for (int i = 0; out->jm_again && i < have->n_members; i++)
		if (have->members[i].role == MEMBER_TASKMANAGER &&
		    have->members[i].state == MEMBER_RUNNING)
			add_member(stop, &have->members[i]);
	if (!jm) {
		char *name = cluster_jm_name(want->name);
		add_item(create, MEMBER_JOBMANAGER, 0, NULL, name);
		add_item(start, MEMBER_JOBMANAGER, 0, NULL, name);
		free(name);
	}
	for (int i = 0; i < have->n_members; i++)
		if (out->jm_again || have->members[i].state != MEMBER_RUNNING)
			add_member(start, &have->members[i]);
	add_missing_tms(have, want->name, want->taskmanagers, create, start);
	int tms = cluster_inventory_tm_count(have);
	out->shrink_to = tms > want->taskmanagers ? want->taskmanagers : 0;
	drop_empty(out);
}

void cluster_plan_scale_up(const struct cluster_inventory *have, int n,
			   struct cluster_plan *out)
{
	cluster_plan_init(out);
	static const enum plan_step_kind kinds[] = {PLAN_CREATE_MEMBERS,
						    PLAN_START_MEMBERS};
	add_steps(out, kinds, 2);
	add_missing_tms(have, have->name, n, &out->steps[0], &out->steps[1]);
	drop_empty(out);
}

struct victim {
	const struct cluster_member *m;
	int slots; /* -1 when Flink does not know it */
	int free_slots;
};

/* Unregistered first, then idle, then busy; within each, the highest
 * number first. */
static int by_removal_order(const void *a, const void *b)
{
	const struct victim *x = a, *y = b;
	int kx = x->slots < 0 ? 0 : x->free_slots == x->slots ? 1 : 2;
	int ky = y->slots < 0 ? 0 : y->free_slots == y->slots ? 1 : 2;
	if (kx != ky)
		return kx - ky;
	return y->m->index - x->m->index;
}

int cluster_plan_scale_down(const struct cluster_inventory *have,
			    const struct tm_load *loads, int n_loads, int n,
			    struct cluster_plan *out)
{
	cluster_plan_init(out);
	struct victim *v = xcalloc((size_t)have->n_members + 1, sizeof(*v));
	int count = 0;
	for (int i = 0; i < have->n_members; i++) {
		if (have->members[i].role != MEMBER_TASKMANAGER)
			continue;
		v[count] = (struct victim){&have->members[i], -1, 0};
		for (int l = 0; l < n_loads; l++)
			if (strcmp(loads[l].name, have->members[i].name) == 0) {
				v[count].slots = loads[l].slots;
				v[count].free_slots = loads[l].free_slots;
			}
		count++;
	}
	qsort(v, (size_t)count, sizeof(*v), by_removal_order);
	static const enum plan_step_kind kinds[] = {PLAN_REMOVE_MEMBERS};
	add_steps(out, kinds, 1);
	struct plan_step *remove = &out->steps[0];
	remove->graceful = true;
	int busy = 0;
	for (int i = 0; i < count - n; i++) {
		add_member(remove, v[i].m);
		busy += v[i].slots >= 0 && v[i].free_slots != v[i].slots;
	}
	free(v);
	drop_empty(out);
	return busy;
}

void cluster_plan_down(const struct cluster_inventory *have, bool volumes,
		       const char *volume_creator, struct cluster_plan *out)
{
	cluster_plan_init(out);
	static const enum plan_step_kind kinds[] = {
		PLAN_REMOVE_MEMBERS, PLAN_REMOVE_NETWORKS, PLAN_REMOVE_VOLUMES};
	add_steps(out, kinds, 3);
	struct plan_step *members = &out->steps[0], *nets = &out->steps[1],
			 *vols = &out->steps[2];
	for (int i = 0; i < have->n_members; i++)
		add_member(members, &have->members[i]);
	for (int i = 0; i < have->n_networks; i++)
		add_item(nets, MEMBER_OTHER, 0, have->networks[i].id,
			 have->networks[i].name);
	for (int i = 0; i < have->n_volumes; i++) {
		const char *creator = kvlist_get(&have->volumes[i].labels, LABEL_CREATOR);
		if (volumes ||
		    (volume_creator && creator && strcmp(creator, volume_creator) == 0))
			add_item(vols, MEMBER_OTHER, 0, have->volumes[i].id,
				 have->volumes[i].name);
	}
	drop_empty(out);
}

static const char *verb(const struct plan_step *s)
{
	switch (s->kind) {
	case PLAN_CREATE_NETWORK:
		return "create network";
	case PLAN_CREATE_VOLUME:
		return "create volume";
	case PLAN_CREATE_MEMBERS:
		return "create";
	case PLAN_STOP_MEMBERS:
		return "stop";
	case PLAN_START_MEMBERS:
		return "start";
	case PLAN_REMOVE_MEMBERS:
		return s->graceful ? "stop and remove" : "remove";
	case PLAN_REMOVE_NETWORKS:
		return "remove network";
	case PLAN_REMOVE_VOLUMES:
		return "remove volume";
	}
	return "?";
}

char *cluster_plan_describe(const struct cluster_plan *p)
{
	struct strbuf sb;
	strbuf_init(&sb, 0);
	for (int s = 0; s < p->n; s++) {
		strbuf_addf(&sb, "%s", verb(&p->steps[s]));
		for (int i = 0; i < p->steps[s].n; i++)
			strbuf_addf(&sb, "%s'%s'", i ? ", " : " ",
				    p->steps[s].items[i].name);
		strbuf_addch(&sb, '\n');
	}
	if (p->shrink_to)
		strbuf_addf(&sb, "then remove idle TaskManagers down to %d\n",
			    p->shrink_to);
	return strbuf_detach(&sb, NULL);
}
