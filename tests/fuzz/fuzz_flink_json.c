/* libFuzzer target: every parser of Flink REST replies. */
#include <stddef.h>
#include <stdint.h>

#include "flink/client.h"
#include "flink/jobs.h"

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
	return 0;
}
