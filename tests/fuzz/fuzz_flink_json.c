/* libFuzzer target: every parser of Flink REST replies. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "flink/client.h"
#include "flink/jobctl.h"
#include "flink/jobs.h"
#include "flink/scaling.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *buf = (const char *)data;
	struct error err;
	error_init(&err);
	struct flink_overview ov;
	flink_overview_parse(buf, size, &ov, &err);
	struct flink_taskmanager *tms;
	int n;
	if (flink_taskmanagers_parse(buf, size, &tms, &n, &err) == 0)
		flink_taskmanagers_free(tms, n);
	struct flink_job *jobs;
	if (flink_jobs_parse(buf, size, &jobs, &n, &err) == 0)
		flink_jobs_free(jobs, n);
	struct flink_checkpoint_stats cs;
	if (flink_checkpoints_parse(buf, size, &cs, &err) == 0)
		flink_checkpoint_stats_release(&cs);
	/* the autoscaler's: a job's shape, its metric names and loads */
	struct flink_job_shape shape;
	if (flink_job_shape_parse(buf, size, &shape, &err) == 0) {
		if (shape.n < 0 || (shape.n > 0 && !shape.v))
			__builtin_trap();
		for (int i = 0; i < shape.n; i++)
			if (shape.v[i].id[sizeof(shape.v[i].id) - 1] != '\0')
				__builtin_trap();
		char *body = flink_resource_requirements_json(&shape, 3);
		if (!body)
			__builtin_trap();
		free(body);
		flink_job_shape_release(&shape);
	}
	char *get = NULL;
	if (flink_vertex_metric_query(buf, size, true, &get, &err) == 0) {
		if (!get)
			__builtin_trap();
		free(get);
	}
	struct flink_vertex_load load;
	flink_vertex_load_parse(buf, size, true, &load, &err);
	flink_vertex_load_parse(buf, size, false, &load, &err);
	/* a vertex's back pressure level, always a string within its 8 bytes */
	char level[8];
	flink_backpressure_parse(buf, size, level, &err);
	if (!memchr(level, '\0', sizeof(level)))
		__builtin_trap();
	return 0;
}
