/* `flink-cmd jobs` and `flink-cmd cancel JOB`: the cluster's jobs, newest
 * first, and cancelling one (its checkpoints are retained). JOB is an id, a
 * unique id prefix, or a job name. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli/cli.h"
#include "cli/jobref.h"
#include "cli/opts.h"
#include "cluster/defaults.h"
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

int cmd_jobs(int argc, char **argv, struct ctx *ctx)
{
	const char *name = FLINKCMD_DEFAULT_CLUSTER, *output = NULL;
	bool help = false;
	const struct opt opts[] = {
		{"name", 0, OPT_STRING, &name, "NAME", "cluster name (default: flink)"},
		{"output", 'o', OPT_STRING, &output, "FORMAT", CLI_OUTPUT_HELP},
		{"help", 'h', OPT_FLAG, &help, NULL, "show this help"},
		{0},
	};
	struct error err;
	error_init(&err);
	const char *pos[OPTS_MAX_POS];
	int npos;
	bool json;
	if (opts_parse("jobs", opts, argc, argv, pos, &npos, &err) < 0 ||
	    cli_output_json(output, &json, &err) < 0)
		return cli_fail(&err);
	if (help) {
		fputs(jobs_usage, stdout);
		opts_usage(stdout, opts);
		return 0;
	}
	if (npos > 0) {
		error_set(&err, ERR_USAGE, "jobs takes no arguments, not '%s'", pos[0]);
		return cli_fail(&err);
	}
	struct flink_client *fc = NULL;
	struct flink_job *jobs = NULL;
	int n = 0;
	if (cli_connect_engine(ctx, &err) < 0 ||
	    cluster_flink_client(ctx->engine, name, ctx->cancel, &fc, &err) < 0 ||
	    flink_jobs_get(fc, &jobs, &n, &err) < 0) {
		flink_client_free(fc);
		return cli_fail(&err);
	}
	/* parallelism is only in each job's details */
	int *par = xcalloc((size_t)(n ? n : 1), sizeof(int));
	for (int i = 0; i < n; i++) {
		struct flink_job d;
		struct error ignored;
		error_init(&ignored);
		if (flink_job_get(fc, &jobs[i].id, &d, &ignored) == 0)
			par[i] = flink_job_parallelism(&d);
		flink_job_release(&d);
	}
	if (json) {
		cJSON *arr = cJSON_CreateArray();
		for (int i = 0; i < n; i++) {
			cJSON *o = cJSON_CreateObject();
			cJSON_AddStringToObject(o, "id", jobs[i].id.hex);
			cJSON_AddStringToObject(o, "name", jobs[i].name);
			cJSON_AddStringToObject(o, "state",
						flink_job_state_name(jobs[i].state));
			cJSON_AddNumberToObject(o, "parallelism", par[i]);
			json_add_i64(o, "start_time", jobs[i].start_time);
			json_add_i64(o, "duration_ms", jobs[i].duration);
			cJSON_AddItemToArray(arr, o);
		}
		char *text = json_print(arr);
		puts(text);
		free(text);
		cJSON_Delete(arr);
	} else if (n == 0) {
		printf("no jobs on cluster '%s' (submit one with 'flink-cmd run JAR')\n",
		       name);
	} else {
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
			       jobs[i].name, flink_job_state_name(jobs[i].state), par[i],
			       start, dur);
		}
	}
	free(par);
	flink_jobs_free(jobs, n);
	flink_client_free(fc);
	return 0;
}

static const char cancel_usage[] =
	"usage: flink-cmd cancel JOB [--name NAME]\n"
	"\n"
	"Cancels the job (an id, a unique id prefix, or a name). Its checkpoints are\n"
	"retained on the volume, so 'run --from-latest-checkpoint' can resume it.\n"
	"\n";

int cmd_cancel(int argc, char **argv, struct ctx *ctx)
{
	const char *name = FLINKCMD_DEFAULT_CLUSTER;
	bool help = false;
	const struct opt opts[] = {
		{"name", 0, OPT_STRING, &name, "NAME", "cluster name (default: flink)"},
		{"help", 'h', OPT_FLAG, &help, NULL, "show this help"},
		{0},
	};
	struct error err;
	error_init(&err);
	const char *pos[OPTS_MAX_POS];
	int npos;
	if (opts_parse("cancel", opts, argc, argv, pos, &npos, &err) < 0)
		return cli_fail(&err);
	if (help) {
		fputs(cancel_usage, stdout);
		opts_usage(stdout, opts);
		return 0;
	}
	if (npos != 1) {
		error_set(&err, ERR_USAGE, "cancel takes one JOB (see 'flink-cmd jobs')");
		return cli_fail(&err);
	}
	struct flink_client *fc = NULL;
	struct flink_id id;
	int rc = cli_resolve_job(ctx, name, pos[0], &fc, &id, &err);
	if (rc == 0)
		rc = flink_job_cancel(fc, &id, &err);
	flink_client_free(fc);
	if (rc < 0)
		return cli_fail(&err);
	printf("cancelled job %s\n", id.hex);
	return 0;
}
