/* `flink-cmd jobs` and `flink-cmd cancel JOB`: the cluster's jobs, newest
 * first, and cancelling one (its checkpoints are retained). JOB is an id, a
 * unique id prefix, or a job name. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli/cli.h"
#include "cli/jobref.h"
#include "cluster/jobs.h"
#include "flink/jobctl.h"
#include "util/json.h"
#include "util/xalloc.h"

static const char jobs_usage[] =
	"usage: flink-cmd jobs [--name NAME] [-o text|json]\n"
	"\n"
	"Lists the cluster's jobs, newest first: id, name, state, parallelism,\n"
	"start time and duration.\n"
	"\n";

static void format_duration(char *out, size_t n, int64_t ms)
{
	long long s = ms / 1000;
	if (s < 120)
		snprintf(out, n, "%llds", s);
	else if (s < 7200)
		snprintf(out, n, "%lldm%02llds", s / 60, s % 60);
	else
		snprintf(out, n, "%lldh%02lldm", s / 3600, s / 60 % 60);
}

/* parallelism is only in each job's details: one array entry per job
 * (0 where the details could not be read), owned by the caller */
static int *job_parallelism(struct flink_client *fc, const struct flink_job *jobs, int n)
{
	int *par = xcalloc((size_t)(n ? n : 1), sizeof(int));
	for (int i = 0; i < n; i++) {
		struct flink_job d;
		struct error ignored;
		error_init(&ignored);
		if (flink_job_get(fc, &jobs[i].id, &d, &ignored) == 0)
			par[i] = flink_job_parallelism(&d);
		flink_job_release(&d);
	}
	return par;
}

static void print_json(const struct flink_job *jobs, const int *par, int n)
{
	cJSON *arr = cJSON_CreateArray();
	for (int i = 0; i < n; i++) {
		cJSON *o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "id", jobs[i].id.hex);
		cJSON_AddStringToObject(o, "name", jobs[i].name);
		cJSON_AddStringToObject(o, "state", flink_job_state_name(jobs[i].state));
		cJSON_AddNumberToObject(o, "parallelism", par[i]);
		json_add_i64(o, "start_time", jobs[i].start_time);
		json_add_i64(o, "duration_ms", jobs[i].duration);
		cJSON_AddItemToArray(arr, o);
	}
	cli_print_json(arr);
}

static void print_text(const char *name, const struct flink_job *jobs, const int *par,
		       int n)
{
	if (n == 0) {
		printf("no jobs on cluster '%s' (submit one with 'flink-cmd run JAR')\n",
		       name);
		return;
	}
	printf("%-32s  %-24s %-10s %4s  %-19s %s\n", "ID", "NAME", "STATE", "PAR",
	       "START", "DURATION");
	for (int i = 0; i < n; i++) {
		char start[32] = "-", dur[32];
		time_t t = (time_t)(jobs[i].start_time / 1000);
		struct tm tm;
		if (jobs[i].start_time > 0 && localtime_r(&t, &tm))
			strftime(start, sizeof(start), "%Y-%m-%d %H:%M:%S", &tm);
		format_duration(dur, sizeof(dur), jobs[i].duration);
		printf("%-32s  %-24.24s %-10s %4d  %-19s %s\n", jobs[i].id.hex,
		       jobs[i].name, flink_job_state_name(jobs[i].state), par[i], start,
		       dur);
	}
}

static int jobs_run(const struct cli_args *a, void *opts, struct ctx *ctx)
{
	(void)opts;
	const char *name = a->name;
	struct error err;
	error_init(&err);
	struct flink_client *fc = NULL;
	struct flink_job *jobs = NULL;
	int n = 0;
	if (cluster_flink_client(ctx->engine, name, ctx->cancel, &fc, &err) < 0 ||
	    flink_jobs_get(fc, &jobs, &n, &err) < 0) {
		flink_client_free(fc);
		return cli_fail(&err);
	}
	int *par = job_parallelism(fc, jobs, n);
	if (a->json)
		print_json(jobs, par, n);
	else
		print_text(name, jobs, par, n);
	free(par);
	flink_jobs_free(jobs, n);
	flink_client_free(fc);
	return 0;
}

const struct cli_spec cmd_jobs_spec = {
	.name = "jobs",
	.usage = jobs_usage,
	.takes = CLI_TAKES_NAME | CLI_TAKES_OUTPUT,
	.pos = {0, 0, "jobs takes no arguments, not '%s'"},
	.run = jobs_run,
};

static const char cancel_usage[] =
	"usage: flink-cmd cancel JOB [--name NAME]\n"
	"\n"
	"Cancels the job (an id, a unique id prefix, or a name) and waits until Flink\n"
	"reports it cancelled (at most a minute). Its checkpoints are retained on\n"
	"the volume, so 'run --from-latest-checkpoint' can resume it.\n"
	"\n";

/* How long cancel waits for Flink to report the job cancelled. */
#define CANCEL_WAIT_MS 60000

static int cancel_run(const struct cli_args *a, void *opts, struct ctx *ctx)
{
	(void)opts;
	const char *name = a->name;
	struct error err;
	error_init(&err);
	struct flink_client *fc = NULL;
	struct flink_id id;
	int rc = cli_resolve_job(ctx, name, a->pos[0], &fc, &id, &err);
	if (rc == 0)
		rc = cluster_job_cancel(fc, &id, CANCEL_WAIT_MS, ctx->cancel, &err);
	flink_client_free(fc);
	if (rc < 0)
		return cli_fail(&err);
	printf("cancelled job %s\n", id.hex);
	return 0;
}

const struct cli_spec cmd_cancel_spec = {
	.name = "cancel",
	.usage = cancel_usage,
	.takes = CLI_TAKES_NAME,
	.pos = {1, 1, "cancel takes one JOB (see 'flink-cmd jobs')"},
	.run = cancel_run,
};
