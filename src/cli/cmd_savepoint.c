/* `flink-cmd savepoint JOB` and `flink-cmd stop JOB`: a savepoint of a
 * running job, or a stop with one; both wait and print the savepoint's path
 * (on the cluster's volume unless --dir says otherwise). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/jobref.h"
#include "cli/opts.h"
#include "cluster/defaults.h"
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

static int savepoint_common(bool stop, int argc, char **argv, struct ctx *ctx)
{
	const char *cmd = stop ? "stop" : "savepoint";
	const char *name = FLINKCMD_DEFAULT_CLUSTER, *output = NULL, *dir = NULL,
		   *timeout = NULL;
	bool drain = false, help = false;
	const struct opt stop_opts[] = {
		{"name", 0, OPT_STRING, &name, "NAME", "cluster name (default: flink)"},
		{"drain", 0, OPT_FLAG, &drain, NULL,
		 "emit the final watermark before stopping"},
		{"dir", 0, OPT_STRING, &dir, "D",
		 "target directory (default: the job's on the volume)"},
		{"timeout", 0, OPT_STRING, &timeout, "D",
		 "how long to wait (default 300s)"},
		{"output", 'o', OPT_STRING, &output, "FORMAT", CLI_OUTPUT_HELP},
		{"help", 'h', OPT_FLAG, &help, NULL, "show this help"},
		{0},
	};
	const struct opt *opts = stop_opts;
	struct opt sp_opts[7];
	if (!stop) {
		/* the same table without --drain */
		int k = 0;
		for (int i = 0; stop_opts[i].long_name; i++)
			if (strcmp(stop_opts[i].long_name, "drain") != 0)
				sp_opts[k++] = stop_opts[i];
		sp_opts[k] = (struct opt){0};
		opts = sp_opts;
	}
	struct error err;
	error_init(&err);
	const char *pos[OPTS_MAX_POS];
	int npos;
	bool json;
	int64_t timeout_ms = 300000;
	if (opts_parse(cmd, opts, argc, argv, pos, &npos, &err) < 0 ||
	    cli_output_json(output, &json, &err) < 0)
		return cli_fail(&err);
	if (help) {
		fputs(stop ? stop_usage : savepoint_usage, stdout);
		opts_usage(stdout, opts);
		return 0;
	}
	if (npos != 1) {
		error_set(&err, ERR_USAGE, "%s takes one JOB (see 'flink-cmd jobs')",
			  cmd);
		return cli_fail(&err);
	}
	if (timeout && units_parse_duration(timeout, "--timeout", &timeout_ms, &err) < 0)
		return cli_fail(&err);
	struct flink_client *fc = NULL;
	struct flink_id id;
	char *location = NULL;
	int rc = cli_resolve_job(ctx, name, pos[0], &fc, &id, &err);
	if (rc == 0)
		rc = flink_savepoint(fc, &id, dir, stop, drain, (long)timeout_ms,
				     &location, &err);
	flink_client_free(fc);
	if (rc < 0)
		return cli_fail(&err);
	if (json) {
		cJSON *o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "job_id", id.hex);
		cJSON_AddStringToObject(o, "savepoint", location);
		cJSON_AddBoolToObject(o, "stopped", stop);
		char *text = json_print(o);
		puts(text);
		free(text);
		cJSON_Delete(o);
	} else {
		if (stop)
			fprintf(stderr, "job %s stopped\n", id.hex);
		puts(location);
	}
	free(location);
	return 0;
}

int cmd_savepoint(int argc, char **argv, struct ctx *ctx)
{
	return savepoint_common(false, argc, argv, ctx);
}

int cmd_stop(int argc, char **argv, struct ctx *ctx)
{
	return savepoint_common(true, argc, argv, ctx);
}
