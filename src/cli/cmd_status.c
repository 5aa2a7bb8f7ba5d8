/* `flink-cmd status` (alias `ps`): the cluster's containers, TaskManagers
 * with their slots, jobs, and each running job's latest checkpoint. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli/cli.h"
#include "cluster/defaults.h"
#include "cluster/status.h"
#include "util/bar.h"
#include "util/json.h"

static const char usage[] =
	"usage: flink-cmd status [--name NAME] [-o text|json]\n"
	"\n"
	"Shows the cluster's containers (state, uptime), its TaskManagers with used\n"
	"and total slots, its jobs with their state, and the latest completed\n"
	"checkpoint of each job. Exit 1 when there is no such cluster.\n"
	"\n";

static const struct flink_taskmanager *find_tm(const struct cluster_status *st,
					       const char *container)
{
	for (int i = 0; i < st->n_tms; i++)
		if (strcmp(st->tms[i].id, container) == 0)
			return &st->tms[i];
	return NULL;
}

static void ago(char *out, size_t n, int64_t epoch_ms)
{
	if (epoch_ms <= 0) {
		snprintf(out, n, "-");
		return;
	}
	long long s = (long long)time(NULL) - epoch_ms / 1000;
	if (s < 0)
		s = 0;
	if (s < 120)
		snprintf(out, n, "%llds ago", s);
	else if (s < 7200)
		snprintf(out, n, "%lldm ago", s / 60);
	else
		snprintf(out, n, "%lldh ago", s / 3600);
}

static void print_text(const char *name, const struct cluster_status *st)
{
	printf("cluster '%s'", name);
	if (st->rest_url)
		printf("  REST %s", st->rest_url);
	if (st->flink_ok)
		printf("  Flink %s", st->overview.flink_version);
	printf("\n\n%-32s %-12s %-10s %-22s %s\n", "CONTAINER", "ROLE", "STATE", "STATUS",
	       "SLOTS");
	for (int i = 0; i < st->inv.n_members; i++) {
		const struct cluster_member *ct = &st->inv.members[i];
		const char *role = kvlist_get(&ct->labels, LABEL_ROLE);
		char slots[32] = "";
		const struct flink_taskmanager *tm = find_tm(st, ct->name);
		if (tm)
			snprintf(slots, sizeof(slots), "%d/%d used",
				 tm->slots - tm->free_slots, tm->slots);
		else if (role && strcmp(role, "taskmanager") == 0 && st->flink_ok)
			snprintf(slots, sizeof(slots), "not registered");
		printf("%-32s %-12s %-10s %-22s %s\n", ct->name, role ? role : "?",
		       ct->state_text, ct->status, slots);
	}
	if (!st->flink_ok) {
		printf("\nFlink: %s\n", st->flink_error.msg);
		return;
	}
	printf("\nTaskManagers %d, slots %d (%d available)\n", st->overview.taskmanagers,
	       st->overview.slots_total, st->overview.slots_available);
	if (st->n_jobs == 0) {
		printf("no jobs\n");
		return;
	}
	printf("\n%-32s %-24s %-10s %-12s %s\n", "JOB", "NAME", "STATE", "STARTED",
	       "LAST CHECKPOINT");
	for (int i = 0; i < st->n_jobs; i++) {
		const struct flink_job *j = &st->jobs[i];
		char started[32], cp[96] = "-", when[32], size[32];
		ago(started, sizeof(started), j->start_time);
		const struct flink_checkpoint_stats *c =
			st->checkpoints ? &st->checkpoints[i] : NULL;
		if (c && c->latest_id) {
			ago(when, sizeof(when), c->latest_ack);
			bar_size(size, sizeof(size), (uint64_t)c->latest_size);
			snprintf(cp, sizeof(cp), "#%lld %s, %s (%lld done, %lld failed)",
				 (long long)c->latest_id, size, when,
				 (long long)c->completed, (long long)c->failed);
		}
		printf("%-32s %-24.24s %-10s %-12s %s\n", j->id.hex, j->name,
		       flink_job_state_name(j->state), started, cp);
	}
}

static cJSON *status_json(const char *name, const struct cluster_status *st)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "name", name);
	if (st->rest_url)
		cJSON_AddStringToObject(o, "rest_url", st->rest_url);
	else
		cJSON_AddNullToObject(o, "rest_url");
	cJSON *cts = cJSON_AddArrayToObject(o, "containers");
	for (int i = 0; i < st->inv.n_members; i++) {
		const struct cluster_member *ct = &st->inv.members[i];
		cJSON *c = cJSON_CreateObject();
		const char *role = kvlist_get(&ct->labels, LABEL_ROLE);
		cJSON_AddStringToObject(c, "name", ct->name);
		cJSON_AddStringToObject(c, "id", ct->id);
		cJSON_AddStringToObject(c, "role", role ? role : "");
		cJSON_AddStringToObject(c, "state", ct->state_text);
		cJSON_AddStringToObject(c, "status", ct->status);
		json_add_i64(c, "created", ct->created);
		const struct flink_taskmanager *tm = find_tm(st, ct->name);
		if (tm) {
			cJSON_AddNumberToObject(c, "slots", tm->slots);
			cJSON_AddNumberToObject(c, "slots_used",
						tm->slots - tm->free_slots);
		}
		cJSON_AddItemToArray(cts, c);
	}
	cJSON *fl = cJSON_AddObjectToObject(o, "flink");
	cJSON_AddBoolToObject(fl, "reachable", st->flink_ok);
	if (!st->flink_ok) {
		cJSON_AddStringToObject(fl, "error", st->flink_error.msg);
		return o;
	}
	cJSON_AddStringToObject(fl, "version", st->overview.flink_version);
	cJSON_AddNumberToObject(fl, "taskmanagers", st->overview.taskmanagers);
	cJSON_AddNumberToObject(fl, "slots_total", st->overview.slots_total);
	cJSON_AddNumberToObject(fl, "slots_available", st->overview.slots_available);
	cJSON *jobs = cJSON_AddArrayToObject(o, "jobs");
	for (int i = 0; i < st->n_jobs; i++) {
		const struct flink_job *j = &st->jobs[i];
		cJSON *jo = cJSON_CreateObject();
		cJSON_AddStringToObject(jo, "id", j->id.hex);
		cJSON_AddStringToObject(jo, "name", j->name);
		cJSON_AddStringToObject(jo, "state", flink_job_state_name(j->state));
		json_add_i64(jo, "start_time", j->start_time);
		json_add_i64(jo, "duration", j->duration);
		const struct flink_checkpoint_stats *c =
			st->checkpoints ? &st->checkpoints[i] : NULL;
		if (c && c->latest_id) {
			cJSON *cp = cJSON_AddObjectToObject(jo, "last_checkpoint");
			json_add_i64(cp, "id", c->latest_id);
			json_add_i64(cp, "completed_at", c->latest_ack);
			json_add_i64(cp, "size", c->latest_size);
			json_add_i64(cp, "duration_ms", c->latest_duration);
			if (c->latest_path)
				cJSON_AddStringToObject(cp, "path", c->latest_path);
			json_add_i64(cp, "completed_count", c->completed);
			json_add_i64(cp, "failed_count", c->failed);
		}
		cJSON_AddItemToArray(jobs, jo);
	}
	return o;
}

static int status_run(const struct cli_args *a, void *opts, struct ctx *ctx)
{
	(void)opts;
	const char *name = a->name;
	struct error err;
	error_init(&err);
	struct cluster_status st;
	if (cluster_status_load(ctx->engine, name, &st, &err) < 0)
		return cli_fail(&err);
	if (a->json)
		cli_print_json(status_json(name, &st));
	else
		print_text(name, &st);
	cluster_status_release(&st);
	return 0;
}

/* `ps` is the same spec under another row */
const struct cli_spec cmd_status_spec = {
	.name = "status",
	.usage = usage,
	.takes = CLI_TAKES_NAME | CLI_TAKES_OUTPUT | CLI_NAME_POS,
	.pos = {0, 1, "status takes at most one cluster name"},
	.run = status_run,
};
