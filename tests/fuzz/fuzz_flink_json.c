/* libFuzzer target: every parser of Flink REST replies. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "flink/client.h"
#include "flink/checkpoints.h"
#include "flink/job.h"
#include "flink/jobctl.h"
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
	/* one job: its vertices, and the body the autoscaler makes of them */
	struct flink_job job;
	if (flink_job_parse(buf, size, &job, &err) == 0) {
		if (job.n_vertices < 0 || (job.n_vertices > 0 && !job.v) || !job.name)
			__builtin_trap();
		for (int i = 0; i < job.n_vertices; i++)
			if (job.v[i].id.hex[sizeof(job.v[i].id.hex) - 1] != '\0')
				__builtin_trap();
		char *body = flink_resource_requirements_json(&job, 3);
		if (!body)
			__builtin_trap();
		free(body);
		flink_job_parallelism(&job);
		flink_job_all_running(&job);
	}
	flink_job_release(&job);
	char cause[256];
	flink_job_exceptions_parse(buf, size, cause, sizeof(cause), &err);
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
