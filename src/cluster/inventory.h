/* What of a cluster exists now, as the engine reports it and found only by
 * its labels: its members (JobManager, TaskManagers) with their state, its
 * network and its volume. The same shape whatever the engine (containers on
 * one Engine today), so commands, the dashboard and the autoscaler never
 * ask which engine they run on. The engine is the only state; this is a
 * snapshot of it. */
#ifndef FC_CLUSTER_INVENTORY_H
#define FC_CLUSTER_INVENTORY_H

#include <stdbool.h>
#include <stdint.h>

#include "util/kv.h"

enum member_role { MEMBER_JOBMANAGER, MEMBER_TASKMANAGER, MEMBER_OTHER };

/* The engine's word for a member's state, parsed once. */
enum member_state {
	MEMBER_CREATED, /* made, never started */
	MEMBER_RUNNING,
	MEMBER_PAUSED,
	MEMBER_RESTARTING,
	MEMBER_EXITED, /* stopped: by itself, a kill or a stop */
	MEMBER_DEAD,
	MEMBER_GONE, /* being removed, or a state this flink-cmd does not know */
};

struct cluster_member {
	char *id;   /* owned: the engine's id */
	char *name; /* owned: "NAME-taskmanager-2", also Flink's resource id */
	enum member_role role;
	int index; /* a TaskManager's number; 0 for others */
	enum member_state state;
	char *state_text; /* owned: the engine's word ("running", "exited") */
	char *status;     /* owned: for people ("Up 3 minutes") */
	int64_t created;  /* epoch seconds */
	struct kvlist labels;
};

/* A network or volume of the cluster. */
struct cluster_resource {
	char *id;   /* owned; a volume's id is its name */
	char *name; /* owned */
	struct kvlist labels;
};

struct cluster_inventory {
	char *name;                     /* owned: the cluster's */
	struct cluster_member *members; /* owned, sorted: the JobManager, then the
					 * TaskManagers by index, then others */
	int n_members;
	struct cluster_resource *networks; /* owned */
	int n_networks;
	struct cluster_resource *volumes; /* owned */
	int n_volumes;
	int jm;         /* index into members, or -1 */
	char *rest_url; /* owned "http://127.0.0.1:PORT" when the JobManager
			 * publishes Flink's REST port, else NULL */
};

void cluster_inventory_init(struct cluster_inventory *inv, const char *name);
void cluster_inventory_release(struct cluster_inventory *inv);
/* Sorts members and finds the JobManager; engines call it once filled. */
void cluster_inventory_finish(struct cluster_inventory *inv);

/* True when nothing of the cluster exists. */
bool cluster_inventory_empty(const struct cluster_inventory *inv);
/* The JobManager, or NULL. */
const struct cluster_member *cluster_inventory_jm(const struct cluster_inventory *inv);
/* How many TaskManagers exist (in any state). */
int cluster_inventory_tm_count(const struct cluster_inventory *inv);
/* The TaskManager numbered index, or NULL. */
const struct cluster_member *cluster_inventory_tm(const struct cluster_inventory *inv,
						  int index);

/* "jobmanager" / "taskmanager" (the io.flinkcmd.role label), and back. */
const char *member_role_name(enum member_role r);
enum member_role member_role_parse(const char *text);
/* "running" -> MEMBER_RUNNING ... */
enum member_state member_state_parse(const char *text);
/* Exited or dead: it stopped and will not come back by itself. */
bool member_state_stopped(enum member_state s);

void cluster_member_release(struct cluster_member *m);
void cluster_resource_release(struct cluster_resource *r);

/* Owned array of owned names, sorted; free with cluster_names_free. */
void cluster_names_free(char **names, int n);

#endif
