/* What a user asks of a cluster (`up` options), checked before anything is
 * created: every bad value is ERR_USAGE with one line saying what to do. */
#ifndef FC_CLUSTER_SPEC_H
#define FC_CLUSTER_SPEC_H

#include <stdbool.h>
#include <stdint.h>

#include "util/error.h"
#include "util/kv.h"

#define CLUSTER_MAX_TASKMANAGERS 64
#define CLUSTER_MAX_SLOTS 64
#define CLUSTER_NAME_MAX 40
/* Below these Flink's own memory model fails to start (metaspace 256m,
 * overhead 192m, framework heap and off-heap 128m each, network 64m). */
#define CLUSTER_MIN_TM_MEMORY (900LL << 20)
#define CLUSTER_MIN_JM_MEMORY (768LL << 20)
#define CLUSTER_DEFAULT_TM_MEMORY (1024LL << 20)
#define CLUSTER_DEFAULT_JM_MEMORY (1024LL << 20)

struct cluster_spec {
	char *name;  /* owned */
	char *image; /* owned */
	int taskmanagers;
	int slots;
	int64_t tm_memory; /* bytes */
	int64_t jm_memory;
	int port;            /* host port for REST; 0 = random */
	char *bind_ip;       /* owned; "127.0.0.1" unless the user asks */
	struct kvlist conf;  /* owned: --conf-file then --conf, in order */
	int64_t ttl_seconds; /* 0 = none */
	long owner_pid;      /* 0 = none */
	char *scheduler;     /* owned; NULL, "default" or "adaptive" */
	int64_t timeout_ms;  /* readiness wait */
	bool wait;
};

void cluster_spec_init(struct cluster_spec *s);
void cluster_spec_release(struct cluster_spec *s);

/* The cluster name rule: 1-40 of [a-z0-9-], not starting or ending in '-'
 * (it becomes host names, which Flink's RPC URLs must parse). */
int cluster_name_check(const char *name, struct error *err);

/* "1024m", "1g", "1.5g", "900mb", "2048" (MiB) → bytes. ERR_USAGE. */
int cluster_parse_size(const char *text, const char *what, int64_t *out,
		       struct error *err);
/* "30s", "10m", "2h", "1d", "90" (seconds) → milliseconds. ERR_USAGE. */
int cluster_parse_duration(const char *text, const char *what, int64_t *out_ms,
			   struct error *err);
/* Adds "key=value" (or "key: value") to s->conf. ERR_USAGE when malformed. */
int cluster_spec_add_conf(struct cluster_spec *s, const char *kv, struct error *err);
/* Reads a flat or nested Flink config.yaml's top-level "key: value" lines
 * into s->conf (nested maps flattened with '.'). ERR_USAGE on what it cannot
 * read. */
int cluster_spec_add_conf_file(struct cluster_spec *s, const char *path,
			       struct error *err);

/* The spec a running cluster was made with, from its JobManager's labels
 * (flink-cmd keeps no state of its own). s is init'ed here. */
int cluster_spec_from_labels(struct cluster_spec *s, const struct kvlist *labels,
			     struct error *err);
/* The labels that let cluster_spec_from_labels rebuild s. */
void cluster_spec_to_labels(const struct cluster_spec *s, struct kvlist *labels);

/* Checks counts, sizes, name and port. */
int cluster_spec_validate(const struct cluster_spec *s, struct error *err);

#endif
