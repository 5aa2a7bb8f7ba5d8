/* What an autoscaler needs from Flink's REST API beyond the job model
 * (flink/job.h): each vertex's load (busy time, backpressure, rates,
 * backlog), and the adaptive scheduler's resource requirements. Knows
 * nothing of Docker or of policies; never prints. */
#ifndef FC_FLINK_SCALING_H
#define FC_FLINK_SCALING_H

#include <stdbool.h>
#include <math.h>
#include <stdint.h>

#include "flink/client.h"
#include "flink/job.h"

/* One vertex's load, aggregated over its subtasks; NAN where Flink had no
 * value (the first seconds of a task, or a metric the vertex lacks). The
 * per-second gauges are Flink's averages over the last minute, too slow to
 * see a step in the load; the counters, read twice, give the rates over the
 * time between the reads. */
struct flink_vertex_load {
	double busy_ms;          /* busyTimeMsPerSecond, max over subtasks */
	double backpressured_ms; /* backPressuredTimeMsPerSecond, max */
	double rate_in;          /* numRecordsInPerSecond, sum */
	double rate_out;         /* numRecordsOutPerSecond, sum */
	double pending;          /* a source's pendingRecords, sum */
	/* counters since the tasks started, summed over subtasks */
	double busy_total_ms;          /* accumulateBusyTimeMs */
	double backpressured_total_ms; /* accumulateBackPressuredTimeMs */
	double records_in;  /* numRecordsIn; a source's: what its operator emitted */
	double records_out; /* numRecordsOut */
};

#define FLINK_VERTEX_LOAD_NONE                                                           \
	{                                                                                \
		NAN, NAN, NAN, NAN, NAN, NAN, NAN, NAN, NAN                              \
	}

/* Pure: the metric names GET .../subtasks/metrics lists; fills the query
 * (the "get=" value, owned) for this vertex: the task metrics plus, for a
 * source, its operator's records-out and pendingRecords when it has them. */
int flink_vertex_metric_query(const char *buf, size_t len, bool source, char **get,
			      struct error *err);
/* Pure: the reply of GET .../subtasks/metrics?get=...&agg=max,sum. A source
 * counts what its operator emits as its rate in. */
int flink_vertex_load_parse(const char *buf, size_t len, bool source,
			    struct flink_vertex_load *out, struct error *err);
/* Both calls for vertex v of job. */
int flink_vertex_load_get(struct flink_client *c, const struct flink_id *job,
			  const struct flink_vertex *v, struct flink_vertex_load *out,
			  struct error *err);

/* Pure: the body of PUT /jobs/:id/resource-requirements that runs every
 * vertex at `parallelism`, each capped at its own ceiling. Owned string. */
char *flink_resource_requirements_json(const struct flink_job *job, int parallelism);
/* Sets it. Flink refuses it (ERR_USAGE, with its reason) unless the job runs
 * under the adaptive scheduler. */
int flink_resource_requirements_put(struct flink_client *c, const struct flink_job *job,
				    int parallelism, struct error *err);

#endif
