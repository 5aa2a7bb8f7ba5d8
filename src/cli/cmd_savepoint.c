/* `flink-cmd savepoint JOB` and `flink-cmd stop JOB`: a savepoint of a
 * running job, or a stop with one; both wait and print the savepoint's path
 * (on the cluster's volume unless --dir says otherwise). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/jobref.h"
#include "cluster/spec.h"
#include "flink/jobctl.h"
#include "util/json.h"
#include "util/units.h"

static const char savepoint_usage[] =
	"usage: flink-cmd savepoint JOB [--name NAME] [--dir D] [--timeout D] [-o "
	"text|json]\n"
	"\n"
	"Takes a savepoint of the running job (an id, a unique id prefix, or a name),\n"
	"waits for it and prints its path. The job goes on running.\n"
	"\n";

static const char stop_usage[] =
	"usage: flink-cmd stop JOB [--name NAME] [--drain] [--dir D] [--timeout D] [-o "
	"text|json]\n"
	"\n"
	"Stops the job with a savepoint and prints the savepoint's path, from which\n"
	"'flink-cmd run JAR --from-savepoint PATH' resumes it. --drain emits the final\n"
	"watermark first, ending event-time windows.\n"
	"\n";

struct sp_opts {
	bool drain;          /* stop only */
	const char *dir;     /* borrowed */
	const char *timeout; /* borrowed */
	int64_t timeout_ms;
};

#define SP(field) offsetof(struct sp_opts, field)

static const struct opt savepoint_opts[] = {
	{"dir", 0, OPT_STRING, SP(dir), "D",
	 .help = "target directory (default: the job's on the volume)"},
	{"timeout", 0, OPT_STRING, SP(timeout), "D",
	 .help = "how long to wait (default 300s)"},
	{0},
};

/* savepoint's options with --drain in front */
static const struct opt stop_opts[] = {
	{"drain", 0, OPT_FLAG, SP(drain), NULL,
	 .help = "emit the final watermark before stopping"},
	OPT_GROUP(savepoint_opts, 0),
	{0},
};

static const struct sp_opts defaults = {.timeout_ms = 300000};

static int sp_check(const struct cli_args *a, void *opts, struct error *err)
{
	(void)a;
	struct sp_opts *o = opts;
	if (!o->timeout)
		return 0;
	return units_parse_duration(o->timeout, "--timeout", &o->timeout_ms, err);
}

static void print_result(const char *id, const char *location, bool stop, bool json)
{
	if (json) {
		cJSON *o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "job_id", id);
		cJSON_AddStringToObject(o, "savepoint", location);
		cJSON_AddBoolToObject(o, "stopped", stop);
		cli_print_json(o);
	} else {
		if (stop)
			fprintf(stderr, "job %s stopped\n", id);
		puts(location);
	}
}

static int savepoint_common(bool stop, const struct cli_args *a, const struct sp_opts *o,
			    struct ctx *ctx)
{
	const char *name = a->name, *dir = o->dir;
	bool drain = o->drain;
	int64_t timeout_ms = o->timeout_ms;
	struct error err;
	error_init(&err);
	struct flink_client *fc = NULL;
	struct flink_id id;
	char *location = NULL;
	int rc = cli_resolve_job(ctx, name, a->pos[0], &fc, &id, &err);
	if (rc == 0)
		rc = flink_savepoint(fc, &id, dir, stop, drain, (long)timeout_ms,
				     &location, &err);
	flink_client_free(fc);
	if (rc < 0)
		return cli_fail(&err);
	print_result(id.hex, location, stop, a->json);
	free(location);
	return 0;
}

static int savepoint_run(const struct cli_args *a, void *opts, struct ctx *ctx)
{
	return savepoint_common(false, a, opts, ctx);
}

static int stop_run(const struct cli_args *a, void *opts, struct ctx *ctx)
{
	return savepoint_common(true, a, opts, ctx);
}

const struct cli_spec cmd_savepoint_spec = {
	.name = "savepoint",
	.usage = savepoint_usage,
	.takes = CLI_TAKES_NAME | CLI_TAKES_OUTPUT,
	.opts = savepoint_opts,
	.size = sizeof(struct sp_opts),
	.defaults = &defaults,
	.pos = {1, 1, "savepoint takes one JOB (see 'flink-cmd jobs')"},
	.check = sp_check,
	.run = savepoint_run,
};

const struct cli_spec cmd_stop_spec = {
	.name = "stop",
	.usage = stop_usage,
	.takes = CLI_TAKES_NAME | CLI_TAKES_OUTPUT,
	.opts = stop_opts,
	.size = sizeof(struct sp_opts),
	.defaults = &defaults,
	.pos = {1, 1, "stop takes one JOB (see 'flink-cmd jobs')"},
	.check = sp_check,
	.run = stop_run,
};
