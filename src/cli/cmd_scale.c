/* `flink-cmd scale N`: TaskManagers added side by side or removed idle first
 * with a graceful stop; returns when Flink reports N. On a reactive cluster
 * that also rescales its job. */
#include <stdio.h>
#include <stdlib.h>

#include "cli/cli.h"
#include "cli/observer.h"
#include "cli/opts.h"
#include "cluster/defaults.h"
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

int cmd_scale(int argc, char **argv, struct ctx *ctx)
{
	const char *name = FLINKCMD_DEFAULT_CLUSTER, *output = NULL;
	bool force = false, help = false;
	const struct opt opts[] = {
		{"name", 0, OPT_STRING, &name, "NAME", "cluster name (default: flink)"},
		{"force", 'f', OPT_FLAG, &force, NULL,
		 "remove TaskManagers even if they run tasks"},
		{"output", 'o', OPT_STRING, &output, "FORMAT", CLI_OUTPUT_HELP},
		{"help", 'h', OPT_FLAG, &help, NULL, "show this help"},
		{0},
	};
	struct error err;
	error_init(&err);
	const char *pos[OPTS_MAX_POS];
	int npos;
	bool json;
	if (opts_parse("scale", opts, argc, argv, pos, &npos, &err) < 0 ||
	    cli_output_json(output, &json, &err) < 0)
		return cli_fail(&err);
	if (help) {
		fputs(usage, stdout);
		opts_usage(stdout, opts);
		return 0;
	}
	char *end = NULL;
	long n = npos == 1 ? strtol(pos[0], &end, 10) : 0;
	if (npos != 1 || !end || *end != '\0' || end == pos[0]) {
		error_set(&err, ERR_USAGE,
			  "scale takes one whole number of TaskManagers "
			  "(e.g. 'flink-cmd scale 4')");
		return cli_fail(&err);
	}
	if (n < 1 || n > 64) {
		error_set(&err, ERR_USAGE,
			  "scale %ld is out of range: a cluster has 1 to 64 TaskManagers",
			  n);
		return cli_fail(&err);
	}
	if (cli_connect_engine(ctx, &err) < 0)
		return cli_fail(&err);
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
	cli_observer_init(&obs, ctx->stderr_tty, json);
	struct cluster_scale_result res = {0};
	int rc = cluster_scale(ctx->engine, name, (int)n, force || reactive, &obs.obs,
			       ctx->cancel, &res, &err);
	cli_observer_finish(&obs);
	if (rc < 0)
		return cli_fail(&err);
	if (json) {
		cJSON *o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "name", name);
		cJSON_AddNumberToObject(o, "from", res.from);
		cJSON_AddNumberToObject(o, "to", res.to);
		cJSON_AddNumberToObject(o, "seconds", res.seconds);
		cJSON_AddBoolToObject(o, "reactive", reactive);
		char *text = json_print(o);
		puts(text);
		free(text);
		cJSON_Delete(o);
	} else if (res.from == res.to) {
		printf("cluster '%s' has %d TaskManager%s already\n", name, res.to,
		       res.to == 1 ? "" : "s");
	} else {
		printf("cluster '%s' scaled from %d to %d TaskManagers (%.1fs)\n", name,
		       res.from, res.to, res.seconds);
		if (reactive)
			printf("the job follows to the slots there are now (reactive "
			       "mode), from its latest checkpoint\n");
	}
	return 0;
}
