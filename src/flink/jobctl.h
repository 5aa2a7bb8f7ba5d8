/* Controlling a running job through Flink's REST API: the root cause of its
 * failure, its back pressure, cancel, savepoint, stop with a savepoint, and
 * finding a job from what a user typed. Never prints. */
#ifndef FC_FLINK_JOBCTL_H
#define FC_FLINK_JOBCTL_H

#include <stdbool.h>
#include <stdint.h>

#include "flink/client.h"
#include "flink/job.h"

/* Pure: the newest root cause in GET /jobs/:id/exceptions as one line
 * ("java.lang.IllegalStateException: boom"), written into out; "" when none. */
int flink_job_exceptions_parse(const char *buf, size_t len, char *out, size_t n,
			       struct error *err);
int flink_job_root_cause(struct flink_client *c, const struct flink_id *job, char *out,
			 size_t n, struct error *err);

/* Pure: the level ("ok", "low", "high") in a GET
 * /jobs/:id/vertices/:vid/backpressure reply, or "" while Flink is still
 * sampling. */
int flink_backpressure_parse(const char *buf, size_t len, char out[8], struct error *err);
/* The worst level over the vertices of job (read with flink_job_get) into
 * out; "" while Flink is still sampling. */
int flink_job_backpressure(struct flink_client *c, const struct flink_job *job,
			   char out[8], struct error *err);

/* PATCH /jobs/:id?mode=cancel. */
int flink_job_cancel(struct flink_client *c, const struct flink_id *job,
		     struct error *err);

/* Triggers a savepoint (stop: a stop-with-savepoint, drain emitting the
 * final watermark) into dir (NULL: the cluster's default) and waits up to
 * timeout_ms for it; *location (owned) is the savepoint's path. A failure is
 * Flink's own reason. */
int flink_savepoint(struct flink_client *c, const struct flink_id *job, const char *dir,
		    bool stop, bool drain, long timeout_ms, char **location,
		    struct error *err);

/* Finds the job `ref` names among jobs: a whole id, a unique id prefix, or a
 * job name (running jobs win over finished ones of the same name). Writes
 * the id into out. ERR_NOTFOUND for none, ERR_USAGE for an ambiguous ref. */
int flink_job_resolve(const struct flink_job *jobs, int n, const char *ref,
		      struct flink_id *out, struct error *err);

#endif
