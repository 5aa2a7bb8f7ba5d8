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
	/* Application mode: the JobManager runs this one job (Flink's
	 * standalone-job) instead of a session. NULL: a session cluster. */
	char *job_jar;   /* owned; host path of the jar (from labels: its file
			  * name only) */
	char *job_class; /* owned or NULL: the jar's Main-Class */
	char **job_args; /* owned array of owned strings: program arguments */
	int n_job_args;
	int checkpoint_s; /* the job's checkpoint interval in seconds; 0 = the
			   * default, CLUSTER_DEFAULT_JOB_CHECKPOINT_S */
	/* Reactive mode (needs job_jar): the adaptive scheduler gives the job
	 * every slot, so the TaskManager count alone sets its parallelism. */
	bool reactive;
};

#define CLUSTER_DEFAULT_JOB_CHECKPOINT_S 10

/* Labels on the JobManager of an application cluster (besides the spec's):
 * the jar's file name, the entry class, "true" when reactive. */
#define LABEL_SPEC_JOB "io.flinkcmd.job"
#define LABEL_SPEC_JOB_CLASS "io.flinkcmd.job-class"
#define LABEL_SPEC_REACTIVE "io.flinkcmd.reactive"

void cluster_spec_init(struct cluster_spec *s);
void cluster_spec_release(struct cluster_spec *s);

/* The cluster name rule: 1-40 of [a-z0-9-], not starting or ending in '-'
 * (it becomes host names, which Flink's RPC URLs must parse). */
int cluster_name_check(const char *name, struct error *err);

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

/* Appends a program argument to s->job_args (copied). */
void cluster_spec_add_job_arg(struct cluster_spec *s, const char *arg);

/* True when a JobManager's labels say its cluster runs in reactive mode,
 * so that removing TaskManagers rescales the job instead of breaking it. */
bool cluster_labels_reactive(const struct kvlist *labels);

/* A jar is a zip archive: a regular file starting with "PK\3\4". ERR_USAGE
 * naming the file otherwise. */
int cluster_check_jar(const char *path, struct error *err);

/* Checks counts, sizes, name and port; with a job, that the jar is a
 * readable zip file; --reactive only with a job. All ERR_USAGE. */
int cluster_spec_validate(const struct cluster_spec *s, struct error *err);

#endif
