/* `flink-cmd scale N`: TaskManagers added side by side or removed idle first
 * with a graceful stop; returns when Flink reports N. On a reactive cluster
 * that also rescales its job. */
#include <stdio.h>
#include <stdlib.h>

#include "cli/cli.h"
#include "cli/observer.h"
#include "cluster/inventory.h"
#include "cluster/scale.h"
#include "cluster/spec.h"
#include "util/json.h"

static const char usage[] =
	"usage: flink-cmd scale N [--name NAME] [--force] [-o text|json]\n"
	"\n"
	"Sets the number of TaskManagers. New ones start in parallel and the command\n"
	"waits for their registration. Removal takes idle TaskManagers (no used\n"
	"slots) first and stops each with SIGTERM, so Flink drops it at once.\n"
	"Removing TaskManagers that run tasks needs --force; the affected jobs are\n"
	"named and restart from their latest checkpoint. On a reactive cluster\n"
	"('up --job JAR --reactive') the count is the job's parallelism: the job\n"
	"rescales either way, from its latest checkpoint, and needs no --force.\n"
	"\n";

static const char pos_msg[] = "scale takes one whole number of TaskManagers "
			      "(e.g. 'flink-cmd scale 4')";

struct scale_opts {
	bool force;
	long n; /* the positional */
};

static const struct opt scale_opts[] = {
	{"force", 'f', OPT_FLAG, offsetof(struct scale_opts, force), NULL,
	 .help = "remove TaskManagers even if they run tasks"},
	{0},
};

static int scale_check(const struct cli_args *a, void *opts, struct error *err)
{
	struct scale_opts *o = opts;
	char *end = NULL;
	o->n = strtol(a->pos[0], &end, 10);
	if (!end || *end != '\0' || end == a->pos[0])
		return error_set(err, ERR_USAGE, "%s", pos_msg);
	if (o->n < 1 || o->n > 64)
		return error_set(
			err, ERR_USAGE,
			"scale %ld is out of range: a cluster has 1 to 64 TaskManagers",
			o->n);
	return 0;
}

static void print_result(const char *name, const struct cluster_scale_result *res,
			 bool reactive, bool json)
{
	if (json) {
		cJSON *o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "name", name);
		cJSON_AddNumberToObject(o, "from", res->from);
		cJSON_AddNumberToObject(o, "to", res->to);
		cJSON_AddNumberToObject(o, "seconds", res->seconds);
		cJSON_AddBoolToObject(o, "reactive", reactive);
		cli_print_json(o);
	} else if (res->from == res->to) {
		printf("cluster '%s' has %d TaskManager%s already\n", name, res->to,
		       res->to == 1 ? "" : "s");
	} else {
		printf("cluster '%s' scaled from %d to %d TaskManagers (%.1fs)\n", name,
		       res->from, res->to, res->seconds);
		if (reactive)
			printf("the job follows to the slots there are now (reactive "
			       "mode), from its latest checkpoint\n");
	}
}

static int scale_run(const struct cli_args *a, void *opts, struct ctx *ctx)
{
	const struct scale_opts *so = opts;
	const char *name = a->name;
	bool force = so->force;
	long n = so->n;
	struct error err;
	error_init(&err);
	/* in reactive mode the TaskManager count is the job's parallelism:
	 * removing busy ones is how it scales down (from its latest
	 * checkpoint), not something to refuse */
	bool reactive = false;
	struct cluster_inventory inv;
	if (cluster_engine_inventory(ctx->engine, name, &inv, &err) < 0)
		return cli_fail(&err);
	if (inv.jm >= 0)
		reactive = cluster_labels_reactive(&inv.members[inv.jm].labels);
	cluster_inventory_release(&inv);
	struct cli_observer obs;
	cli_observer_init(&obs, ctx->stderr_tty, a->json);
	struct cluster_scale_result res = {0};
	int rc = cluster_scale(ctx->engine, name, (int)n, force || reactive, &obs.obs,
			       ctx->cancel, &res, &err);
	cli_observer_finish(&obs);
	if (rc < 0)
		return cli_fail(&err);
	print_result(name, &res, reactive, a->json);
	return 0;
}

const struct cli_spec cmd_scale_spec = {
	.name = "scale",
	.usage = usage,
	.takes = CLI_TAKES_NAME | CLI_TAKES_OUTPUT,
	.opts = scale_opts,
	.size = sizeof(struct scale_opts),
	.pos = {1, 1, pos_msg},
	.check = scale_check,
	.run = scale_run,
};
