/* `flink-cmd down`: removes exactly what `up` made for the cluster, found by
 * label; the volume with checkpoints stays unless --volumes. Nothing to
 * remove is not an error, so a second `down` exits 0. */
#include <stdio.h>
#include <stdlib.h>

#include "cli/cli.h"
#include "cluster/down.h"
#include "util/json.h"

static const char usage[] =
	"usage: flink-cmd down [--name NAME] [--volumes] [-o text|json]\n"
	"\n"
	"Removes the cluster's containers and network (only resources labelled\n"
	"io.flinkcmd.cluster=NAME). Its data volume, with checkpoints and\n"
	"savepoints, is kept unless --volumes.\n"
	"\n";

struct down_opts {
	bool volumes;
};

static const struct opt down_opts[] = {
	{"volumes", 'v', OPT_FLAG, offsetof(struct down_opts, volumes), NULL,
	 .help = "also remove the data volume"},
	{0},
};

static int down_run(const struct cli_args *a, void *opts, struct ctx *ctx)
{
	const char *name = a->name;
	bool volumes = ((struct down_opts *)opts)->volumes;
	struct error err;
	error_init(&err);
	struct cluster_down_result res;
	if (cluster_down(ctx->engine, name, volumes, NULL, &res, &err) < 0)
		return cli_fail(&err);
	if (a->json) {
		cJSON *o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "name", name);
		cJSON_AddNumberToObject(o, "containers", res.containers);
		cJSON_AddNumberToObject(o, "networks", res.networks);
		cJSON_AddNumberToObject(o, "volumes", res.volumes);
		cli_print_json(o);
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

/* `down NAME` reads naturally too */
const struct cli_spec cmd_down_spec = {
	.name = "down",
	.usage = usage,
	.takes = CLI_TAKES_NAME | CLI_TAKES_OUTPUT | CLI_NAME_POS,
	.opts = down_opts,
	.size = sizeof(struct down_opts),
	.pos = {0, 1, "down takes at most one cluster name"},
	.run = down_run,
};
