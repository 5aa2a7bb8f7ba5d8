/* `flink-cmd run JAR`: uploads the jar through Flink's REST API, runs it with
 * its state kept on the cluster's volume, and returns once it runs (or says
 * why it did not, with Flink's root cause). Also accepts the seed article's
 * flags, each with a real meaning; a flag that cannot mean anything here is
 * refused. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli/cli.h"
#include "cli/observer.h"
#include "cli/opts.h"
#include "cluster/defaults.h"
#include "cluster/jobs.h"
#include "cluster/scale.h"
#include "cluster/spec.h"
#include "util/json.h"
#include "util/units.h"
#include "util/xalloc.h"

static const char usage[] =
	"usage: flink-cmd run JAR [--name NAME] [--class C] [--arg A]... [--param "
	"K=V]...\n"
	"                     [--parallelism P] [--checkpoint-period-seconds S]\n"
	"                     [--from-savepoint PATH | --from-latest-checkpoint]\n"
	"                     [--allow-non-restored-state] [--detach | --wait] "
	"[--timeout D]\n"
	"                     [--tasks N] [--checkpoint-file-name-prefix PREFIX]\n"
	"                     [--deploy-checkpoint-mode "
	"LATEST_CHECKPOINT|SAVEPOINT|NONE]\n"
	"                     [--deploy-address-mode DOCKER] [--scale-up-join-policy P]\n"
	"                     [-o text|json]\n"
	"\n"
	"Uploads JAR to the cluster's JobManager and runs it. The job's checkpoints\n"
	"and savepoints go to /flink-data/jobs/STATE on the cluster's volume (STATE\n"
	"is the jar's name and class, or --checkpoint-file-name-prefix), retained on\n"
	"cancel, so --from-latest-checkpoint resumes the newest one, even on a cluster\n"
	"made again over the same volume. Waits until every task runs and prints\n"
	"the job id; --detach returns once Flink accepted the job.\n"
	"\n"
	"--param k=v is given to the job as '--k v'; --arg adds one argument as is.\n"
	"--tasks N scales the cluster to N TaskManagers first. --checkpoint-file-\n"
	"name-prefix expands ${date:yyyy-MM-dd_HH-mm-ss} (UTC). --deploy-checkpoint-\n"
	"mode LATEST_CHECKPOINT is --from-latest-checkpoint, SAVEPOINT needs\n"
	"--from-savepoint, NONE starts fresh. --scale-up-join-policy\n"
	"TUPLES_PER_THREAD__N is kept in the job's notes for 'flink-cmd autoscale'.\n"
	"\n";

static int check_policy(const char *p, struct error *err)
{
	static const char pre[] = "TUPLES_PER_THREAD__";
	char *end = NULL;
	long n = strncmp(p, pre, sizeof(pre) - 1) == 0
			 ? strtol(p + sizeof(pre) - 1, &end, 10)
			 : 0;
	if (!end || *end != '\0' || n < 1)
		return error_set(err, ERR_USAGE,
				 "--scale-up-join-policy '%s' is not "
				 "TUPLES_PER_THREAD__N with N a "
				 "whole number above 0",
				 p);
	return 0;
}

int cmd_run(int argc, char **argv, struct ctx *ctx)
{
	const char *name = FLINKCMD_DEFAULT_CLUSTER, *output = NULL, *entry_class = NULL;
	const char *savepoint = NULL, *timeout = NULL, *prefix = NULL, *ckpt_mode = NULL;
	const char *address_mode = NULL, *policy = NULL;
	long parallelism = 0, period = 0, tasks = 0;
	bool from_latest = false, allow_non_restored = false, detach = false,
	     wait = false;
	bool help = false;
	struct opt_list args = {0}, params = {0};
	const struct opt opts[] = {
		{"name", 0, OPT_STRING, &name, "NAME", "cluster name (default: flink)"},
		{"class", 'c', OPT_STRING, &entry_class, "C",
		 "entry class (default: the jar's Main-Class)"},
		{"arg", 0, OPT_LIST, &args, "A",
		 "a program argument, as is (repeatable)"},
		{"param", 0, OPT_LIST, &params, "K=V",
		 "given to the job as '--K V' (repeatable)"},
		{"parallelism", 'p', OPT_INT, &parallelism, "P", "the job's parallelism"},
		{"checkpoint-period-seconds", 0, OPT_INT, &period, "S",
		 "checkpoint every S seconds"},
		{"from-savepoint", 's', OPT_STRING, &savepoint, "PATH",
		 "restore from a savepoint or checkpoint"},
		{"from-latest-checkpoint", 0, OPT_FLAG, &from_latest, NULL,
		 "restore from the job's newest retained checkpoint"},
		{"allow-non-restored-state", 0, OPT_FLAG, &allow_non_restored, NULL,
		 "skip state no operator claims"},
		{"detach", 'd', OPT_FLAG, &detach, NULL,
		 "return once Flink accepted the job"},
		{"wait", 0, OPT_FLAG, &wait, NULL,
		 "wait until every task runs (the default)"},
		{"timeout", 0, OPT_STRING, &timeout, "D",
		 "how long to wait (default 120s)"},
		{"tasks", 0, OPT_INT, &tasks, "N",
		 "scale the cluster to N TaskManagers first"},
		{"checkpoint-file-name-prefix", 0, OPT_STRING, &prefix, "PREFIX",
		 "name of the job's state directory"},
		{"deploy-checkpoint-mode", 0, OPT_STRING, &ckpt_mode, "MODE",
		 "LATEST_CHECKPOINT, SAVEPOINT or NONE"},
		{"deploy-address-mode", 0, OPT_STRING, &address_mode, "MODE",
		 "DOCKER (the only mode)"},
		{"scale-up-join-policy", 0, OPT_STRING, &policy, "P",
		 "TUPLES_PER_THREAD__N, for autoscale"},
		{"output", 'o', OPT_STRING, &output, "FORMAT", CLI_OUTPUT_HELP},
		{"help", 'h', OPT_FLAG, &help, NULL, "show this help"},
		{0},
	};
	struct error err;
	error_init(&err);
	const char *pos[OPTS_MAX_POS];
	int npos, status = 0;
	bool json = false;
	char *state_name = NULL;
	const char **job_args = NULL;
	char **owned = NULL;
	int n_args = 0, n_owned = 0;
	int64_t timeout_ms = 120000;
	struct cluster_run_result res = {0};
	struct cli_observer obs;

	if (opts_parse("run", opts, argc, argv, pos, &npos, &err) < 0 ||
	    cli_output_json(output, &json, &err) < 0)
		goto fail;
	if (help) {
		fputs(usage, stdout);
		opts_usage(stdout, opts);
		goto out;
	}
	if (npos != 1) {
		error_set(&err, ERR_USAGE,
			  "run takes one JAR (see 'flink-cmd run --help')");
		goto fail;
	}
	if (detach && wait) {
		error_set(&err, ERR_USAGE,
			  "--detach and --wait contradict each other; give one");
		goto fail;
	}
	if (savepoint && from_latest) {
		error_set(&err, ERR_USAGE,
			  "--from-savepoint and --from-latest-checkpoint contradict each "
			  "other; give one");
		goto fail;
	}
	if (address_mode && strcmp(address_mode, "DOCKER") != 0) {
		error_set(&err, ERR_USAGE,
			  "--deploy-address-mode '%s' cannot mean anything here: "
			  "flink-cmd reaches "
			  "the cluster only through Docker (use DOCKER or leave it out)",
			  address_mode);
		goto fail;
	}
	if (ckpt_mode) {
		if (strcmp(ckpt_mode, "LATEST_CHECKPOINT") == 0) {
			from_latest = !savepoint;
		} else if (strcmp(ckpt_mode, "SAVEPOINT") == 0) {
			if (!savepoint) {
				error_set(&err, ERR_USAGE,
					  "--deploy-checkpoint-mode SAVEPOINT needs "
					  "--from-savepoint PATH");
				goto fail;
			}
		} else if (strcmp(ckpt_mode, "NONE") == 0) {
			if (savepoint || from_latest) {
				error_set(&err, ERR_USAGE,
					  "--deploy-checkpoint-mode NONE starts fresh; "
					  "drop --from-savepoint and "
					  "--from-latest-checkpoint");
				goto fail;
			}
		} else {
			error_set(&err, ERR_USAGE,
				  "--deploy-checkpoint-mode '%s' is not "
				  "LATEST_CHECKPOINT, SAVEPOINT or NONE",
				  ckpt_mode);
			goto fail;
		}
	}
	if (policy && check_policy(policy, &err) < 0)
		goto fail;
	if (parallelism < 0 || parallelism > 4096) {
		error_set(&err, ERR_USAGE,
			  "--parallelism %ld is out of range (1 to 4096)", parallelism);
		goto fail;
	}
	if (period < 0 || period > 86400) {
		error_set(&err, ERR_USAGE,
			  "--checkpoint-period-seconds %ld is out of range (1 to 86400)",
			  period);
		goto fail;
	}
	if (tasks < 0 || tasks > 64) {
		error_set(
			&err, ERR_USAGE,
			"--tasks %ld is out of range: a cluster has 1 to 64 TaskManagers",
			tasks);
		goto fail;
	}
	if (timeout && units_parse_duration(timeout, "--timeout", &timeout_ms, &err) < 0)
		goto fail;
	if (prefix &&
	    cluster_expand_prefix(prefix, (int64_t)time(NULL), &state_name, &err) < 0)
		goto fail;
	/* the job's arguments: --arg as given, then each --param k=v as --k v */
	job_args = xcalloc((size_t)(args.n + 2 * params.n + 1), sizeof(*job_args));
	owned = xcalloc((size_t)(params.n + 1), sizeof(*owned));
	for (int i = 0; i < args.n; i++)
		job_args[n_args++] = args.items[i];
	for (int i = 0; i < params.n; i++) {
		const char *eq = strchr(params.items[i], '=');
		if (!eq || eq == params.items[i]) {
			error_set(&err, ERR_USAGE,
				  "--param '%s' is not of the form key=value",
				  params.items[i]);
			goto fail;
		}
		owned[n_owned] =
			xasprintf("--%.*s", (int)(eq - params.items[i]), params.items[i]);
		job_args[n_args++] = owned[n_owned++];
		job_args[n_args++] = eq + 1;
	}
	if (cli_connect_engine(ctx, &err) < 0)
		goto fail;
	/* progress notes on a terminal only: a script sees the result or one error line
	 */
	cli_observer_init(&obs, ctx->stderr_tty, json || !ctx->stderr_tty);
	if (tasks > 0 && cluster_scale(ctx->engine, name, (int)tasks, false, &obs.obs,
				       ctx->cancel, NULL, &err) < 0) {
		cli_observer_finish(&obs);
		goto fail;
	}
	struct cluster_run_opts ro = {
		.jar = pos[0],
		.entry_class = entry_class,
		.args = job_args,
		.n_args = n_args,
		.parallelism = (int)parallelism,
		.checkpoint_period_s = (int)period,
		.state_name = state_name,
		.savepoint = savepoint,
		.from_latest_checkpoint = from_latest,
		.allow_non_restored_state = allow_non_restored,
		.wait = !detach,
		.timeout_ms = timeout_ms,
		.scale_policy = policy,
	};
	int rc = cluster_run(ctx->engine, name, &ro, ctx->cancel, &obs.obs, &res, &err);
	cli_observer_finish(&obs);
	if (rc < 0)
		goto fail;
	if (json) {
		cJSON *o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "job_id", res.job_id.hex);
		cJSON_AddStringToObject(o, "state", flink_job_state_name(res.state));
		cJSON_AddStringToObject(o, "state_dir", res.state_dir);
		if (res.restored_from)
			cJSON_AddStringToObject(o, "restored_from", res.restored_from);
		cJSON_AddNumberToObject(o, "seconds", res.seconds);
		char *text = json_print(o);
		puts(text);
		free(text);
		cJSON_Delete(o);
	} else {
		fprintf(stderr, "job %s is %s (%.1fs); state in %s\n", res.job_id.hex,
			flink_job_state_name(res.state), res.seconds, res.state_dir);
		puts(res.job_id.hex);
	}
	goto out;
fail:
	status = cli_fail(&err);
out:
	cluster_run_result_release(&res);
	for (int i = 0; i < n_owned; i++)
		free(owned[i]);
	free(owned);
	free(job_args);
	free(state_name);
	opt_list_release(&args);
	opt_list_release(&params);
	return status;
}
