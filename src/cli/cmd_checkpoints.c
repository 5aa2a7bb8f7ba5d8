/* `flink-cmd checkpoints [JOB]`: a job's checkpoint counts, the latest
 * completed one (path on the volume, size, duration), the last failure and
 * why, and the recent history. Without JOB, the newest running job. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli/cli.h"
#include "cli/jobref.h"
#include "cluster/jobs.h"
#include "flink/jobctl.h"
#include "flink/checkpoints.h"
#include "flink/job.h"
#include "util/json.h"

static const char usage[] =
	"usage: flink-cmd checkpoints [JOB] [--name NAME] [-o text|json]\n"
	"\n"
	"Shows the job's checkpoints: counts, the latest completed one with its\n"
	"path, size and duration, the last failure and its reason, and the recent\n"
	"history. JOB is an id, a unique id prefix, or a name; without it, the\n"
	"newest running job.\n"
	"\n";

static void clock_time(char *out, size_t n, int64_t ms)
{
	time_t t = (time_t)(ms / 1000);
	struct tm tm;
	if (ms <= 0 || !localtime_r(&t, &tm))
		snprintf(out, n, "-");
	else
		strftime(out, n, "%H:%M:%S", &tm);
}

static cJSON *entry_json(const struct flink_checkpoint_entry *e)
{
	cJSON *o = cJSON_CreateObject();
	json_add_i64(o, "id", e->id);
	cJSON_AddStringToObject(o, "status", e->status);
	cJSON_AddBoolToObject(o, "savepoint", e->savepoint);
	json_add_i64(o, "trigger_time", e->trigger);
	json_add_i64(o, "size", e->size);
	json_add_i64(o, "duration_ms", e->duration);
	if (e->path)
		cJSON_AddStringToObject(o, "path", e->path);
	return o;
}

static void print_json(const char *id, const struct flink_checkpoint_stats *s)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "job_id", id);
	cJSON *c = cJSON_AddObjectToObject(o, "counts");
	json_add_i64(c, "completed", s->completed);
	json_add_i64(c, "failed", s->failed);
	json_add_i64(c, "in_progress", s->in_progress);
	json_add_i64(c, "restored", s->restored);
	json_add_i64(c, "total", s->total);
	if (s->latest_id) {
		cJSON *l = cJSON_AddObjectToObject(o, "latest");
		json_add_i64(l, "id", s->latest_id);
		json_add_i64(l, "trigger_time", s->latest_trigger);
		json_add_i64(l, "size", s->latest_size);
		json_add_i64(l, "duration_ms", s->latest_duration);
		if (s->latest_path)
			cJSON_AddStringToObject(l, "path", s->latest_path);
	}
	if (s->failed_id) {
		cJSON *f = cJSON_AddObjectToObject(o, "last_failure");
		json_add_i64(f, "id", s->failed_id);
		json_add_i64(f, "time", s->failed_time);
		cJSON_AddStringToObject(f, "reason",
					s->failed_message ? s->failed_message : "");
	}
	if (s->restored_id) {
		cJSON *r = cJSON_AddObjectToObject(o, "restored");
		json_add_i64(r, "id", s->restored_id);
		if (s->restored_path)
			cJSON_AddStringToObject(r, "path", s->restored_path);
	}
	cJSON *h = cJSON_AddArrayToObject(o, "history");
	for (int i = 0; i < s->n_history; i++)
		cJSON_AddItemToArray(h, entry_json(&s->history[i]));
	cli_print_json(o);
}

static void print_text(const char *id, const struct flink_checkpoint_stats *s)
{
	printf("job %s: %" PRId64 " completed, %" PRId64 " failed, %" PRId64
	       " in progress, %" PRId64 " restored\n",
	       id, s->completed, s->failed, s->in_progress, s->restored);
	if (s->latest_id) {
		char at[16];
		clock_time(at, sizeof(at), s->latest_trigger);
		printf("latest   #%" PRId64 " at %s, %" PRId64 " bytes, %" PRId64
		       " ms\n         %s\n",
		       s->latest_id, at, s->latest_size, s->latest_duration,
		       s->latest_path ? s->latest_path : "");
	} else {
		printf("latest   none yet\n");
	}
	if (s->failed_id) {
		char at[16];
		clock_time(at, sizeof(at), s->failed_time);
		printf("failure  #%" PRId64 " at %s: %s\n", s->failed_id, at,
		       s->failed_message ? s->failed_message : "no reason given");
	}
	if (s->restored_id)
		printf("restored #%" PRId64 " from %s\n", s->restored_id,
		       s->restored_path ? s->restored_path : "-");
	if (s->n_history > 0) {
		printf("\n%-8s %-12s %-9s %-10s %12s %10s\n", "ID", "STATUS", "KIND",
		       "TRIGGERED", "SIZE", "DURATION");
		for (int i = 0; i < s->n_history; i++) {
			const struct flink_checkpoint_entry *e = &s->history[i];
			char at[16];
			clock_time(at, sizeof(at), e->trigger);
			printf("%-8" PRId64 " %-12s %-9s %-10s %12" PRId64 " %8" PRId64
			       "ms\n",
			       e->id, e->status,
			       e->savepoint ? "savepoint" : "checkpoint", at, e->size,
			       e->duration);
		}
	}
}

/* The newest running job's id into id, for a command given no JOB. */
static int newest_running(struct ctx *ctx, const char *name, struct flink_client **fc,
			  struct flink_id *id, struct error *err)
{
	struct flink_job *jobs = NULL;
	int n = 0;
	int rc = cluster_flink_client(ctx->engine, name, ctx->cancel, fc, err);
	if (rc == 0)
		rc = flink_jobs_get(*fc, &jobs, &n, err);
	for (int i = 0; rc == 0 && i < n && !id->hex[0]; i++)
		if (jobs[i].state == FLINK_JOB_RUNNING)
			*id = jobs[i].id;
	if (rc == 0 && !id->hex[0])
		rc = error_set(err, ERR_USAGE,
			       "no job runs on cluster '%s'; name one (see "
			       "'flink-cmd jobs')",
			       name);
	flink_jobs_free(jobs, n);
	return rc;
}

static int checkpoints_run(const struct cli_args *a, void *opts, struct ctx *ctx)
{
	(void)opts;
	const char *name = a->name;
	struct error err;
	error_init(&err);
	struct flink_client *fc = NULL;
	struct flink_id id;
	flink_id_set(&id, NULL);
	int rc = a->npos == 1 ? cli_resolve_job(ctx, name, a->pos[0], &fc, &id, &err)
			      : newest_running(ctx, name, &fc, &id, &err);
	struct flink_checkpoint_stats s = {0};
	if (rc == 0)
		rc = flink_checkpoints_get(fc, &id, &s, &err);
	flink_client_free(fc);
	if (rc < 0) {
		flink_checkpoint_stats_release(&s);
		return cli_fail(&err);
	}
	if (a->json)
		print_json(id.hex, &s);
	else
		print_text(id.hex, &s);
	flink_checkpoint_stats_release(&s);
	return 0;
}

const struct cli_spec cmd_checkpoints_spec = {
	.name = "checkpoints",
	.usage = usage,
	.takes = CLI_TAKES_NAME | CLI_TAKES_OUTPUT,
	.pos = {0, 1, "checkpoints takes at most one JOB"},
	.run = checkpoints_run,
};
