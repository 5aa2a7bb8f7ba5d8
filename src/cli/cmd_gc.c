/* `flink-cmd gc`: removes clusters that expired, lost their owner process, or
 * were left half-made by an `up` that was killed. */
#include <stdio.h>
#include <stdlib.h>

#include "cli/cli.h"
#include "cli/opts.h"
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

int cmd_gc(int argc, char **argv, struct ctx *ctx)
{
	const char *output = NULL;
	bool dry_run = false, help = false;
	const struct opt opts[] = {
		{"dry-run", 0, OPT_FLAG, &dry_run, NULL, "say what would be removed"},
		{"output", 'o', OPT_STRING, &output, "FORMAT", CLI_OUTPUT_HELP},
		{"help", 'h', OPT_FLAG, &help, NULL, "show this help"},
		{0},
	};
	struct error err;
	error_init(&err);
	const char *pos[OPTS_MAX_POS];
	int npos;
	bool json;
	if (opts_parse("gc", opts, argc, argv, pos, &npos, &err) < 0 ||
	    cli_output_json(output, &json, &err) < 0)
		return cli_fail(&err);
	if (help) {
		fputs(usage, stdout);
		opts_usage(stdout, opts);
		return 0;
	}
	if (npos > 0) {
		error_set(&err, ERR_USAGE, "gc takes no arguments");
		return cli_fail(&err);
	}
	if (cli_connect_engine(ctx, &err) < 0)
		return cli_fail(&err);
	struct cluster_gc_entry *list;
	int n;
	if (cluster_gc(ctx->engine, dry_run, NULL, &list, &n, &err) < 0)
		return cli_fail(&err);
	if (json) {
		cJSON *arr = cJSON_CreateArray();
		for (int i = 0; i < n; i++) {
			cJSON *o = cJSON_CreateObject();
			cJSON_AddStringToObject(o, "name", list[i].name);
			cJSON_AddStringToObject(o, "reason", list[i].reason);
			cJSON_AddBoolToObject(o, "volumes", list[i].volumes);
			cJSON_AddBoolToObject(o, "removed", !dry_run);
			cJSON_AddItemToArray(arr, o);
		}
		char *text = json_print(arr);
		puts(text);
		free(text);
		cJSON_Delete(arr);
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
