/* `flink-cmd gc`: removes clusters that expired, lost their owner process, or
 * were left half-made by an `up` that was killed. */
#include <stdio.h>
#include <stdlib.h>

#include "cli/cli.h"
#include "cluster/gc.h"
#include "util/json.h"

static const char usage[] =
	"usage: flink-cmd gc [--dry-run] [-o text|json]\n"
	"\n"
	"Removes clusters that are garbage: past their --ttl, whose --owner-pid\n"
	"process is gone (with their volumes), or left half-made by an 'up' that was\n"
	"killed (no JobManager running and that 'up' is gone). Clusters made without\n"
	"--ttl or --owner-pid that run are never touched.\n"
	"\n";

struct gc_opts {
	bool dry_run;
};

static const struct opt gc_opts[] = {
	{"dry-run", 0, OPT_FLAG, offsetof(struct gc_opts, dry_run), NULL,
	 .help = "say what would be removed"},
	{0},
};

static void print_json(const struct cluster_gc_entry *list, int n, bool dry_run)
{
	cJSON *arr = cJSON_CreateArray();
	for (int i = 0; i < n; i++) {
		cJSON *o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "name", list[i].name);
		cJSON_AddStringToObject(o, "reason", list[i].reason);
		cJSON_AddBoolToObject(o, "volumes", list[i].volumes);
		cJSON_AddBoolToObject(o, "removed", !dry_run);
		cJSON_AddItemToArray(arr, o);
	}
	cli_print_json(arr);
}

static int gc_run(const struct cli_args *a, void *opts, struct ctx *ctx)
{
	bool dry_run = ((struct gc_opts *)opts)->dry_run;
	struct error err;
	error_init(&err);
	struct cluster_gc_entry *list;
	int n;
	if (cluster_gc(ctx->engine, dry_run, NULL, &list, &n, &err) < 0)
		return cli_fail(&err);
	if (a->json) {
		print_json(list, n, dry_run);
	} else if (n == 0) {
		printf("no garbage clusters\n");
	} else {
		for (int i = 0; i < n; i++)
			printf("%s cluster '%s': %s\n",
			       dry_run ? "would remove" : "removed", list[i].name,
			       list[i].reason);
	}
	cluster_gc_free(list, n);
	return 0;
}

const struct cli_spec cmd_gc_spec = {
	.name = "gc",
	.usage = usage,
	.takes = CLI_TAKES_OUTPUT,
	.opts = gc_opts,
	.size = sizeof(struct gc_opts),
	.pos = {0, 0, "gc takes no arguments"},
	.run = gc_run,
};
