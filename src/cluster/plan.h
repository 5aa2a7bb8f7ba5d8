/* Reconciling a cluster: a plan says, as data, what to create, start, stop
 * and remove to bring what exists (an inventory) to what is wanted (a spec,
 * a TaskManager count, nothing). Making a plan is pure, so every case is a
 * unit test without an engine; applying it runs its steps in order through
 * the engine seam and writes what each step created in a journal, so that a
 * failure or an interrupt undoes exactly that and nothing else. `up`,
 * `scale`, `down` and `gc` are each a plan plus a wait. */
#ifndef FC_CLUSTER_PLAN_H
#define FC_CLUSTER_PLAN_H

#include <stdbool.h>

#include "cluster/engine.h"
#include "cluster/inventory.h"
#include "cluster/observer.h"
#include "cluster/spec.h"
#include "util/kv.h"

enum plan_step_kind {
	PLAN_CREATE_NETWORK,
	PLAN_CREATE_VOLUME,
	PLAN_CREATE_MEMBERS, /* the items: a role and a TaskManager index */
	PLAN_STOP_MEMBERS,   /* existing members, gracefully */
	PLAN_START_MEMBERS,  /* existing members and those this plan creates */
	PLAN_REMOVE_MEMBERS, /* existing members; graceful: stopped first */
	PLAN_REMOVE_NETWORKS,
	PLAN_REMOVE_VOLUMES,
};

/* What a step acts on: an existing member, network or volume (id set), or
 * a member this plan creates (id NULL, found by role and index). */
struct plan_item {
	enum member_role role;
	int index;
	char *id;   /* owned or NULL */
	char *name; /* owned */
};

struct plan_step {
	enum plan_step_kind kind;
	struct plan_item *items; /* owned */
	int n;
	bool graceful;    /* PLAN_REMOVE_MEMBERS: stop each first (SIGTERM and
			   * its grace period), so Flink hears it leave */
	const char *note; /* what to tell the user when done, or NULL for the
			   * kind's own line; static */
};

struct cluster_plan {
	struct plan_step *steps; /* owned */
	int n;
	bool creates;  /* up: the cluster has no JobManager yet: one is made */
	bool jm_again; /* up: its JobManager exists but is stopped */
	int shrink_to; /* up: more TaskManagers exist than wanted; once the
			* JobManager runs, the idle ones go down to this count
			* (which are idle only Flink knows); 0: none */
};

void cluster_plan_init(struct cluster_plan *p);
void cluster_plan_release(struct cluster_plan *p);

/* Pure: from have to want. A missing network or volume is made; a missing
 * JobManager is made and started; a stopped JobManager starts again with
 * every TaskManager (the running ones are stopped first, so they register
 * with it at once instead of after a heartbeat timeout); other stopped
 * members start; missing TaskManagers get the lowest free numbers. */
void cluster_plan_up(const struct cluster_inventory *have,
		     const struct cluster_spec *want, struct cluster_plan *out);

/* Pure: n TaskManagers from more: the lowest free numbers made and started. */
void cluster_plan_scale_up(const struct cluster_inventory *have, int n,
			   struct cluster_plan *out);

/* Flink's view of one TaskManager, for choosing which go. */
struct tm_load {
	const char *name; /* its resource id: the member's name */
	int slots;
	int free_slots;
};

/* Pure: n TaskManagers from more. Those Flink does not know go first, then
 * idle ones, then busy ones, the highest numbers first within each; each
 * stopped gracefully. Returns how many of those going run tasks. */
int cluster_plan_scale_down(const struct cluster_inventory *have,
			    const struct tm_load *loads, int n_loads, int n,
			    struct cluster_plan *out);

/* Pure: every member and network of have; its volumes when `volumes`, or
 * those whose io.flinkcmd.creator label is volume_creator (may be NULL):
 * an `up` that was killed made them, so nothing of value is in them. */
void cluster_plan_down(const struct cluster_inventory *have, bool volumes,
		       const char *volume_creator, struct cluster_plan *out);

/* Pure: the plan as lines for people and tests ("create network 'x'"),
 * owned. */
char *cluster_plan_describe(const struct cluster_plan *p);

/* What an apply did: what it created (to undo on failure) and what it
 * removed (for the user). */
struct plan_journal {
	char **members; /* owned ids of the members it created */
	int n_members;
	char *network; /* owned id of the network it created, or NULL */
	char *volume;  /* owned name of the volume it created, or NULL */
	int removed_members, removed_networks, removed_volumes;
};

void plan_journal_init(struct plan_journal *j);
void plan_journal_release(struct plan_journal *j);

/* Runs p's steps in order; spec and extra (labels for everything created,
 * may be NULL) make the members, network and volume it creates. Stops at
 * the first failure, or with ERR_INTERRUPTED when cancel is requested
 * between steps; j tells what was done either way. */
int cluster_plan_apply(struct cluster_engine *e, const struct cluster_plan *p,
		       const struct cluster_spec *spec, const struct kvlist *extra,
		       struct plan_journal *j, const struct cluster_observer *obs,
		       const struct cancel *cancel, struct error *err);

/* Removes what j says was created, under no cancel token (an interrupt
 * must not interrupt its own clean-up). Its errors are dropped: the first
 * failure is the user's news, and gc finds any leftovers. */
void cluster_plan_undo(struct cluster_engine *e, const struct plan_journal *j,
		       const struct cluster_observer *obs);

#endif
