/* Controlling a running job through Flink's REST API: its details and the
 * root cause of its failure, cancel, savepoint, stop with a savepoint, and
 * finding a job from what a user typed. Never prints. */
#ifndef FC_FLINK_JOBCTL_H
#define FC_FLINK_JOBCTL_H

#include <stdbool.h>
#include <stdint.h>

#include "flink/client.h"
#include "flink/jobs.h"

struct flink_job_detail {
	char id[33];
	char *name; /* owned */
	char state[24];
	int64_t start_time;
	int64_t duration;
	int parallelism; /* the largest of its vertices */
	int n_vertices;
	int n_vertices_up;    /* vertices whose tasks all run (or finished) */
	int64_t records_in;   /* records the first vertex emitted, so far */
	int64_t records_out;  /* records the last vertex received, so far */
	char **vertex_ids;    /* owned, n_vertices of them */
	char backpressure[8]; /* the worst vertex's level (ok, low, high), filled by
			       * flink_job_backpressure; "" when unknown */
};

/* Pure: parses GET /jobs/:id. */
int flink_job_detail_parse(const char *buf, size_t len, struct flink_job_detail *out,
			   struct error *err);
int flink_job_detail_get(struct flink_client *c, const char *id,
			 struct flink_job_detail *out, struct error *err);
void flink_job_detail_release(struct flink_job_detail *d);

/* Pure: the newest root cause in GET /jobs/:id/exceptions as one line
 * ("java.lang.IllegalStateException: boom"), written into out; "" when none. */
int flink_job_exceptions_parse(const char *buf, size_t len, char *out, size_t n,
			       struct error *err);
int flink_job_root_cause(struct flink_client *c, const char *id, char *out, size_t n,
			 struct error *err);

/* Pure: the level ("ok", "low", "high") in a GET
 * /jobs/:id/vertices/:vid/backpressure reply, or "" while Flink is still
 * sampling. */
int flink_backpressure_parse(const char *buf, size_t len, char out[8], struct error *err);
/* Fills d->backpressure with the worst level over d's vertices. */
int flink_job_backpressure(struct flink_client *c, struct flink_job_detail *d,
			   struct error *err);

/* PATCH /jobs/:id?mode=cancel. */
int flink_job_cancel(struct flink_client *c, const char *id, struct error *err);

/* Triggers a savepoint (stop: a stop-with-savepoint, drain emitting the
 * final watermark) into dir (NULL: the cluster's default) and waits up to
 * timeout_ms for it; *location (owned) is the savepoint's path. A failure is
 * Flink's own reason. */
int flink_savepoint(struct flink_client *c, const char *id, const char *dir, bool stop,
		    bool drain, long timeout_ms, char **location, struct error *err);

/* Finds the job `ref` names among jobs: a whole id, a unique id prefix, or a
 * job name (running jobs win over finished ones of the same name). Writes
 * the id into out. ERR_NOTFOUND for none, ERR_USAGE for an ambiguous ref. */
int flink_job_resolve(const struct flink_job *jobs, int n, const char *ref, char out[33],
		      struct error *err);

#endif
