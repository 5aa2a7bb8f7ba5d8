/* `flink-cmd down`: removes exactly what `up` made for the cluster, found by
 * label; the volume with checkpoints stays unless --volumes. Nothing to
 * remove is not an error, so a second `down` exits 0. */
#include <stdio.h>
#include <stdlib.h>

#include "cli/cli.h"
#include "cli/opts.h"
#include "cluster/defaults.h"
#include "cluster/down.h"
#include "util/json.h"

static const char usage[] =
	"usage: flink-cmd down [--name NAME] [--volumes] [-o text|json]\n"
	"\n"
	"Removes the cluster's containers and network (only resources labelled\n"
	"io.flinkcmd.cluster=NAME). Its data volume, with checkpoints and\n"
	"savepoints, is kept unless --volumes.\n"
	"\n";

int cmd_down(int argc, char **argv, struct ctx *ctx)
{
	const char *name = FLINKCMD_DEFAULT_CLUSTER, *output = NULL;
	bool volumes = false, help = false;
	const struct opt opts[] = {
		{"name", 0, OPT_STRING, &name, "NAME", "cluster name (default: flink)"},
		{"volumes", 'v', OPT_FLAG, &volumes, NULL, "also remove the data volume"},
		{"output", 'o', OPT_STRING, &output, "FORMAT", CLI_OUTPUT_HELP},
		{"help", 'h', OPT_FLAG, &help, NULL, "show this help"},
		{0},
	};
	struct error err;
	error_init(&err);
	const char *pos[OPTS_MAX_POS];
	int npos;
	bool json;
	if (opts_parse("down", opts, argc, argv, pos, &npos, &err) < 0 ||
	    cli_output_json(output, &json, &err) < 0)
		return cli_fail(&err);
	if (help) {
		fputs(usage, stdout);
		opts_usage(stdout, opts);
		return 0;
	}
	/* `down NAME` reads naturally too */
	if (npos == 1)
		name = pos[0];
	else if (npos > 1) {
		error_set(&err, ERR_USAGE, "down takes at most one cluster name");
		return cli_fail(&err);
	}
	if (cli_connect_engine(ctx, &err) < 0)
		return cli_fail(&err);
	struct cluster_down_result res;
	if (cluster_down(ctx->engine, name, volumes, NULL, &res, &err) < 0)
		return cli_fail(&err);
	if (json) {
		cJSON *o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "name", name);
		cJSON_AddNumberToObject(o, "containers", res.containers);
		cJSON_AddNumberToObject(o, "networks", res.networks);
		cJSON_AddNumberToObject(o, "volumes", res.volumes);
		char *text = json_print(o);
		puts(text);
		free(text);
		cJSON_Delete(o);
	} else if (res.containers + res.networks + res.volumes == 0) {
		printf("cluster '%s': nothing to remove\n", name);
	} else {
		printf("cluster '%s' removed: %d container%s, %d network%s, %d "
		       "volume%s%s\n",
		       name, res.containers, res.containers == 1 ? "" : "s", res.networks,
		       res.networks == 1 ? "" : "s", res.volumes,
		       res.volumes == 1 ? "" : "s",
		       volumes ? "" : " (data volume kept; --volumes removes it)");
	}
	return 0;
}
