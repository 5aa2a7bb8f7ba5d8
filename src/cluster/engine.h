/* The engine seam: what src/cluster asks of whatever runs a cluster's
 * members. Containers on one Docker Engine are the engine today
 * (engine_docker.c); a second engine (Docker Swarm services) is one more
 * file implementing these operations, and nothing above src/cluster asks
 * which engine it runs on.
 *
 * Members are made from an engine-neutral description (struct member_spec,
 * built by cluster/members.c) and changed in batches, so that an engine
 * that scales by a replica count can do a batch in one step. Every
 * resource an engine creates carries the cluster's labels; an engine never
 * touches what it did not label.
 *
 * Threads: an engine is shared by the threads of one process (the
 * dashboard's); every operation is safe to call from several at once. */
#ifndef FC_CLUSTER_ENGINE_H
#define FC_CLUSTER_ENGINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cluster/inventory.h"
#include "util/cancel.h"
#include "util/error.h"
#include "util/kv.h"
#include "util/strbuf.h"

/* One member to make: everything the engine needs, nothing engine-specific. */
struct member_spec {
	const char *cluster; /* borrowed: the cluster's name, for messages */
	char *name;          /* owned; also its host name on the cluster's network */
	enum member_role role;
	int index;                 /* a TaskManager's number */
	const char *image;         /* borrowed */
	char **cmd;                /* owned, NULL-terminated: the command for the image's
				    * entrypoint */
	struct kvlist env;         /* owned */
	struct kvlist labels;      /* owned */
	char *network;             /* owned: the cluster's network */
	char *volume;              /* owned: the cluster's data volume ... */
	const char *volume_target; /* ... mounted here */
	int64_t memory;            /* bytes; the member's limit */
	int stop_grace_s;          /* a stop waits this long before killing */
	/* the JobManager publishes Flink's REST port (8081) on the host */
	bool publish_rest;
	const char *rest_bind_ip; /* borrowed */
	int rest_port;            /* 0: a random free one */
	/* files placed in the member before it first starts (an application's
	 * jar): a tar, unpacked at files_dir; empty when none */
	struct strbuf files;
	const char *files_dir;
	char *files_what; /* owned, for messages: "the jar 'job.jar'" */
};

void member_spec_release(struct member_spec *s);

/* A member's resource use now; all zero with valid false when unknown. */
struct member_stats {
	double cpu_percent; /* of one CPU */
	int64_t mem_used;   /* bytes */
	int64_t mem_limit;  /* bytes */
	bool valid;
};

enum member_stream { MEMBER_STDOUT = 1, MEMBER_STDERR = 2 };

/* Receives runs of a member's output; returns 0, or <0 to stop. */
typedef int (*member_output_fn)(void *arg, enum member_stream stream, const char *data,
				size_t len, struct error *err);

struct member_logs_opts {
	bool follow; /* until the member stops or cancel is requested */
	int tail;    /* the last N lines; <0 all */
	bool timestamps;
	const struct cancel *cancel;
};

struct cluster_engine;

/* The operations, each with the engine's private state first. */
struct cluster_engine_ops {
	const char *name; /* "docker" */
	void (*free)(void *impl);

	/* what exists: everything labelled for the cluster (never an error
	 * when nothing is), and the names of every cluster there is */
	int (*inventory)(void *impl, const char *cluster, struct cluster_inventory *out,
			 struct error *err);
	int (*cluster_names)(void *impl, char ***names, int *n, struct error *err);
	/* ERR_NOTFOUND when the image is not where members can use it */
	int (*image_check)(void *impl, const char *image, struct error *err);
	/* the memory members can have, in bytes */
	int (*memory_total)(void *impl, int64_t *bytes, struct error *err);

	/* ERR_USAGE when a resource of that name exists that is not the
	 * cluster's (nothing is adopted) */
	int (*network_create)(void *impl, const char *cluster, const char *name,
			      const struct kvlist *labels, char **id, struct error *err);
	int (*network_remove)(void *impl, const char *id, struct error *err);
	int (*volume_create)(void *impl, const char *cluster, const char *name,
			     const struct kvlist *labels, struct error *err);
	int (*volume_remove)(void *impl, const char *name, struct error *err);

	/* Batches, side by side where the engine can. create fills ids[i]
	 * (owned) for every member it made, also when another failed, so what
	 * was made can be undone; the first failure by index is returned. */
	int (*members_create)(void *impl, const struct member_spec *specs, int n,
			      char **ids, struct error *err);
	int (*members_start)(void *impl, char *const *ids, int n,
			     const struct cancel *cancel, struct error *err);
	/* graceful: SIGTERM and the member's grace period, so a TaskManager
	 * tells Flink it leaves; a member already gone is success */
	int (*members_stop)(void *impl, char *const *ids, int n,
			    const struct cancel *cancel, struct error *err);
	/* at once (force); a member already gone is success */
	int (*members_remove)(void *impl, char *const *ids, int n, struct error *err);

	/* one member */
	int (*member_exit)(void *impl, const char *id, bool *running, int *exit_code,
			   struct error *err);
	int (*member_logs)(void *impl, const char *id, const struct member_logs_opts *o,
			   member_output_fn fn, void *arg, struct error *err);
	/* runs argv (no shell) in the running member; stdout into out */
	int (*member_exec)(void *impl, const char *id, const char *const *argv,
			   struct strbuf *out, int *exit_code,
			   const struct cancel *cancel, struct error *err);
	/* unpacks a tar at dir in the member (which may not have started) */
	int (*member_put)(void *impl, const char *id, const char *dir, const char *tar,
			  size_t len, struct error *err);
	int (*member_stats)(void *impl, const char *id, struct member_stats *out,
			    const struct cancel *cancel, struct error *err);
};

struct cluster_engine {
	const struct cluster_engine_ops *ops;
	void *impl; /* owned through ops->free */
};

void cluster_engine_free(struct cluster_engine *e);
/* The engine's name, for messages ("docker"). */
const char *cluster_engine_name(const struct cluster_engine *e);

/* The calls above, through e; see each operation's contract. */
int cluster_engine_inventory(struct cluster_engine *e, const char *cluster,
			     struct cluster_inventory *out, struct error *err);
int cluster_engine_cluster_names(struct cluster_engine *e, char ***names, int *n,
				 struct error *err);
int cluster_engine_image_check(struct cluster_engine *e, const char *image,
			       struct error *err);
int cluster_engine_memory_total(struct cluster_engine *e, int64_t *bytes,
				struct error *err);
int cluster_engine_member_exit(struct cluster_engine *e, const char *id, bool *running,
			       int *exit_code, struct error *err);
int cluster_engine_member_logs(struct cluster_engine *e, const char *id,
			       const struct member_logs_opts *o, member_output_fn fn,
			       void *arg, struct error *err);
int cluster_engine_member_exec(struct cluster_engine *e, const char *id,
			       const char *const *argv, struct strbuf *out,
			       int *exit_code, const struct cancel *cancel,
			       struct error *err);
int cluster_engine_member_put(struct cluster_engine *e, const char *id, const char *dir,
			      const char *tar, size_t len, struct error *err);
int cluster_engine_member_stats(struct cluster_engine *e, const char *id,
				struct member_stats *out, const struct cancel *cancel,
				struct error *err);

#endif
