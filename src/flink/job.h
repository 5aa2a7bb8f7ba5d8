/* The one model of a Flink job: what GET /jobs/overview says of every job
 * and what GET /jobs/:id adds (its vertices, with their parallelism,
 * ceilings, sources and whether every task runs). Its state is an enum,
 * parsed once; its id is a named type. Everything above src/flink (run, up,
 * the autoscaler, the dashboard) reads jobs through this. Never prints. */
#ifndef FC_FLINK_JOB_H
#define FC_FLINK_JOB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "flink/client.h"

/* A job's or a vertex's id as Flink writes it: 32 hex digits. */
#define FLINK_ID_LEN 32
struct flink_id {
	char hex[FLINK_ID_LEN + 1]; /* NUL-terminated; "" when none */
};

/* Copies text (cut at FLINK_ID_LEN characters; NULL gives ""). */
void flink_id_set(struct flink_id *id, const char *text);
bool flink_id_equal(const struct flink_id *a, const struct flink_id *b);
bool flink_id_is(const struct flink_id *id, const char *text);

/* Flink's JobStatus. */
enum flink_job_state {
	FLINK_JOB_UNKNOWN = 0, /* missing, or a name this flink-cmd does not know */
	FLINK_JOB_INITIALIZING,
	FLINK_JOB_CREATED,
	FLINK_JOB_RUNNING,
	FLINK_JOB_FAILING,
	FLINK_JOB_FAILED,
	FLINK_JOB_CANCELLING,
	FLINK_JOB_CANCELED,
	FLINK_JOB_FINISHED,
	FLINK_JOB_RESTARTING,
	FLINK_JOB_SUSPENDED,
	FLINK_JOB_RECONCILING,
};

/* "RUNNING" -> FLINK_JOB_RUNNING; NULL or unknown -> FLINK_JOB_UNKNOWN. */
enum flink_job_state flink_job_state_parse(const char *text);
/* Flink's own name of the state ("UNKNOWN" for FLINK_JOB_UNKNOWN). */
const char *flink_job_state_name(enum flink_job_state s);
/* FINISHED, CANCELED or FAILED: the job will not run again by itself. */
bool flink_job_state_ended(enum flink_job_state s);
/* RUNNING, CREATED, INITIALIZING or RESTARTING: the job is meant to run. */
bool flink_job_state_active(enum flink_job_state s);

struct flink_vertex {
	struct flink_id id;
	char name[64]; /* cut */
	int parallelism;
	int max_parallelism;     /* its ceiling; = parallelism when Flink gives none */
	bool source;             /* no inputs in the job's plan */
	bool tasks_up;           /* every task RUNNING (or FINISHED: a bounded source) */
	int64_t records_read;    /* records its tasks received so far */
	int64_t records_written; /* records its tasks emitted so far */
};

struct flink_job {
	struct flink_id id;
	char *name; /* owned, never NULL once parsed */
	enum flink_job_state state;
	int64_t start_time; /* epoch ms */
	int64_t end_time;   /* epoch ms; -1 while it runs */
	int64_t duration;   /* ms */
	/* from GET /jobs/overview only */
	int tasks_total;
	int tasks_running;
	/* from GET /jobs/:id only (0 and NULL otherwise) */
	int64_t running_since;  /* timestamps.RUNNING: when it last (re)started */
	struct flink_vertex *v; /* owned, n_vertices of them, in Flink's order */
	int n_vertices;
};

/* Pure: GET /jobs/:id. *out is filled (release it with flink_job_release,
 * also after a failure). ERR_FAIL when the reply has no id or state. */
int flink_job_parse(const char *buf, size_t len, struct flink_job *out,
		    struct error *err);
/* GET /jobs/:id; ERR_NOTFOUND for a job Flink does not know. */
int flink_job_get(struct flink_client *c, const struct flink_id *id,
		  struct flink_job *out, struct error *err);
void flink_job_release(struct flink_job *j);

/* Pure: GET /jobs/overview, newest first. Free with flink_jobs_free. */
int flink_jobs_parse(const char *buf, size_t len, struct flink_job **out, int *n,
		     struct error *err);
int flink_jobs_get(struct flink_client *c, struct flink_job **out, int *n,
		   struct error *err);
void flink_jobs_free(struct flink_job *jobs, int n);

/* The largest vertex parallelism (0 without vertices). */
int flink_job_parallelism(const struct flink_job *j);
/* RUNNING with every task of every vertex up: the job does its work. */
bool flink_job_all_running(const struct flink_job *j);
/* Every vertex at min(p, its ceiling), all tasks up (at_least: p or more). */
bool flink_job_at_parallelism(const struct flink_job *j, int p, bool at_least);
/* Records the first vertex emitted and the last one received, so far. */
int64_t flink_job_records_in(const struct flink_job *j);
int64_t flink_job_records_out(const struct flink_job *j);

#endif
