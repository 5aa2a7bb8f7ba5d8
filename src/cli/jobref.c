/* Job references for the job commands. */
#include "cli/jobref.h"
#include "cluster/jobs.h"
#include "flink/jobctl.h"

int cli_resolve_job(struct ctx *ctx, const char *cluster, const char *ref,
		    struct flink_client **fc, struct flink_id *id, struct error *err)
{
	*fc = NULL;
	struct flink_job *jobs = NULL;
	int n = 0;
	int rc = cluster_flink_client(ctx->engine, cluster, ctx->cancel, fc, err);
	if (rc == 0)
		rc = flink_jobs_get(*fc, &jobs, &n, err);
	if (rc == 0)
		rc = flink_job_resolve(jobs, n, ref, id, err);
	/* an unknown job is bad input, not a failed operation */
	if (rc == ERR_NOTFOUND)
		err->code = rc = ERR_USAGE;
	flink_jobs_free(jobs, n);
	return rc;
}
