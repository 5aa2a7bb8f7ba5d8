/* The engine-neutral snapshot of a cluster: its lifecycle, its order, and
 * the questions every command asks of it. */
#include "cluster/inventory.h"

#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

void cluster_inventory_init(struct cluster_inventory *inv, const char *name)
{
	memset(inv, 0, sizeof(*inv));
	inv->name = xstrdup(name);
	inv->jm = -1;
}

void cluster_member_release(struct cluster_member *m)
{
	free(m->id);
	free(m->name);
	free(m->state_text);
	free(m->status);
	kvlist_release(&m->labels);
	memset(m, 0, sizeof(*m));
}

void cluster_resource_release(struct cluster_resource *r)
{
	free(r->id);
	free(r->name);
	kvlist_release(&r->labels);
	memset(r, 0, sizeof(*r));
}

void cluster_inventory_release(struct cluster_inventory *inv)
{
	for (int i = 0; i < inv->n_members; i++)
		cluster_member_release(&inv->members[i]);
	for (int i = 0; i < inv->n_networks; i++)
		cluster_resource_release(&inv->networks[i]);
	for (int i = 0; i < inv->n_volumes; i++)
		cluster_resource_release(&inv->volumes[i]);
	free(inv->members);
	free(inv->networks);
	free(inv->volumes);
	free(inv->name);
	free(inv->rest_url);
	memset(inv, 0, sizeof(*inv));
	inv->jm = -1;
}

static int rank(const struct cluster_member *m)
{
	if (m->role == MEMBER_JOBMANAGER)
		return 0;
	return m->role == MEMBER_TASKMANAGER ? 1 + m->index : 1000000;
}

static int by_rank(const void *a, const void *b)
{
	int ra = rank(a), rb = rank(b);
	return (ra > rb) - (ra < rb);
}

void cluster_inventory_finish(struct cluster_inventory *inv)
{
	qsort(inv->members, (size_t)inv->n_members, sizeof(*inv->members), by_rank);
	inv->jm =
		inv->n_members > 0 && inv->members[0].role == MEMBER_JOBMANAGER ? 0 : -1;
}

bool cluster_inventory_empty(const struct cluster_inventory *inv)
{
	return inv->n_members == 0 && inv->n_networks == 0 && inv->n_volumes == 0;
}

const struct cluster_member *cluster_inventory_jm(const struct cluster_inventory *inv)
{
	return inv->jm >= 0 ? &inv->members[inv->jm] : NULL;
}

int cluster_inventory_tm_count(const struct cluster_inventory *inv)
{
	int n = 0;
	for (int i = 0; i < inv->n_members; i++)
		n += inv->members[i].role == MEMBER_TASKMANAGER;
	return n;
}

const struct cluster_member *cluster_inventory_tm(const struct cluster_inventory *inv,
						  int index)
{
	for (int i = 0; i < inv->n_members; i++)
		if (inv->members[i].role == MEMBER_TASKMANAGER &&
		    inv->members[i].index == index)
			return &inv->members[i];
	return NULL;
}

const char *member_role_name(enum member_role r)
{
	return r == MEMBER_JOBMANAGER    ? "jobmanager"
	       : r == MEMBER_TASKMANAGER ? "taskmanager"
					 : "other";
}

enum member_role member_role_parse(const char *text)
{
	if (text && strcmp(text, "jobmanager") == 0)
		return MEMBER_JOBMANAGER;
	if (text && strcmp(text, "taskmanager") == 0)
		return MEMBER_TASKMANAGER;
	return MEMBER_OTHER;
}

enum member_state member_state_parse(const char *text)
{
	static const struct {
		const char *name;
		enum member_state state;
	} states[] = {
		{"created", MEMBER_CREATED}, {"running", MEMBER_RUNNING},
		{"paused", MEMBER_PAUSED},   {"restarting", MEMBER_RESTARTING},
		{"exited", MEMBER_EXITED},   {"dead", MEMBER_DEAD},
	};
	for (size_t i = 0; text && i < sizeof(states) / sizeof(states[0]); i++)
		if (strcmp(text, states[i].name) == 0)
			return states[i].state;
	return MEMBER_GONE;
}

bool member_state_stopped(enum member_state s)
{
	return s == MEMBER_EXITED || s == MEMBER_DEAD;
}

void cluster_names_free(char **names, int n)
{
	for (int i = 0; i < n; i++)
		free(names[i]);
	free(names);
}
