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
#include "cli/job_opts.h"
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

struct run_opts {
	struct job_opts job; /* --class, --arg, --param, --checkpoint-period-seconds */
	long parallelism, tasks;
	const char *savepoint, *timeout, *prefix, *ckpt_mode, *address_mode,
		*policy; /* borrowed */
	bool from_latest, allow_non_restored, detach, wait;
	/* made by run_check */
	int64_t timeout_ms;
	char *state_name;     /* owned; from --checkpoint-file-name-prefix */
	struct job_argv argv; /* the job's program arguments */
};

#define RUN(field) offsetof(struct run_opts, field)

static const struct opt run_opts[] = {
	JOB_OPTS_CLASS(RUN(job), 'c', "entry class (default: the jar's Main-Class)"),
	OPT_GROUP(job_opts_args, RUN(job)),
	{"parallelism", 'p', OPT_INT, RUN(parallelism), "P",
	 .help = "the job's parallelism"},
	JOB_OPTS_PERIOD(RUN(job), "checkpoint every S seconds"),
	{"from-savepoint", 's', OPT_STRING, RUN(savepoint), "PATH",
	 .help = "restore from a savepoint or checkpoint"},
	{"from-latest-checkpoint", 0, OPT_FLAG, RUN(from_latest), NULL,
	 .help = "restore from the job's newest retained checkpoint"},
	{"allow-non-restored-state", 0, OPT_FLAG, RUN(allow_non_restored), NULL,
	 .help = "skip state no operator claims"},
	{"detach", 'd', OPT_FLAG, RUN(detach), NULL,
	 .help = "return once Flink accepted the job"},
	{"wait", 0, OPT_FLAG, RUN(wait), NULL,
	 .help = "wait until every task runs (the default)"},
	{"timeout", 0, OPT_STRING, RUN(timeout), "D",
	 .help = "how long to wait (default 120s)"},
	{"tasks", 0, OPT_INT, RUN(tasks), "N",
	 .help = "scale the cluster to N TaskManagers first"},
	{"checkpoint-file-name-prefix", 0, OPT_STRING, RUN(prefix), "PREFIX",
	 .help = "name of the job's state directory"},
	{"deploy-checkpoint-mode", 0, OPT_STRING, RUN(ckpt_mode), "MODE",
	 .help = "LATEST_CHECKPOINT, SAVEPOINT or NONE"},
	{"deploy-address-mode", 0, OPT_STRING, RUN(address_mode), "MODE",
	 .help = "DOCKER (the only mode)"},
	{"scale-up-join-policy", 0, OPT_STRING, RUN(policy), "P",
	 .help = "TUPLES_PER_THREAD__N, for autoscale"},
	{0},
};

static const struct run_opts defaults = {.timeout_ms = 120000};

/* --deploy-checkpoint-mode in terms of --from-savepoint and
 * --from-latest-checkpoint */
static int check_checkpoint_mode(struct run_opts *o, struct error *err)
{
	const char *mode = o->ckpt_mode;
	if (strcmp(mode, "LATEST_CHECKPOINT") == 0) {
		o->from_latest = !o->savepoint;
	} else if (strcmp(mode, "SAVEPOINT") == 0) {
		if (!o->savepoint)
			return error_set(err, ERR_USAGE,
					 "--deploy-checkpoint-mode SAVEPOINT needs "
					 "--from-savepoint PATH");
	} else if (strcmp(mode, "NONE") == 0) {
		if (o->savepoint || o->from_latest)
			return error_set(err, ERR_USAGE,
					 "--deploy-checkpoint-mode NONE starts fresh; "
					 "drop --from-savepoint and "
					 "--from-latest-checkpoint");
	} else {
		return error_set(err, ERR_USAGE,
				 "--deploy-checkpoint-mode '%s' is not "
				 "LATEST_CHECKPOINT, SAVEPOINT or NONE",
				 mode);
	}
	return 0;
}

/* The flags that contradict each other or name a mode. */
static int check_modes(struct run_opts *o, struct error *err)
{
	if (o->detach && o->wait)
		return error_set(err, ERR_USAGE,
				 "--detach and --wait contradict each other; give one");
	if (o->savepoint && o->from_latest)
		return error_set(err, ERR_USAGE,
				 "--from-savepoint and --from-latest-checkpoint "
				 "contradict each other; give one");
	if (o->address_mode && strcmp(o->address_mode, "DOCKER") != 0)
		return error_set(err, ERR_USAGE,
				 "--deploy-address-mode '%s' cannot mean anything here: "
				 "flink-cmd reaches "
				 "the cluster only through Docker (use DOCKER or leave "
				 "it out)",
				 o->address_mode);
	if (o->ckpt_mode && check_checkpoint_mode(o, err) < 0)
		return err->code;
	if (o->policy && check_policy(o->policy, err) < 0)
		return err->code;
	return 0;
}

static int check_ranges(const struct run_opts *o, struct error *err)
{
	if (o->parallelism < 0 || o->parallelism > 4096)
		return error_set(err, ERR_USAGE,
				 "--parallelism %ld is out of range (1 to 4096)",
				 o->parallelism);
	if (o->job.period < 0 || o->job.period > 86400)
		return error_set(err, ERR_USAGE,
				 "--checkpoint-period-seconds %ld is out of range (1 "
				 "to 86400)",
				 o->job.period);
	if (o->tasks < 0 || o->tasks > 64)
		return error_set(err, ERR_USAGE,
				 "--tasks %ld is out of range: a cluster has 1 to 64 "
				 "TaskManagers",
				 o->tasks);
	return 0;
}

static int run_check(const struct cli_args *a, void *opts, struct error *err)
{
	(void)a;
	struct run_opts *o = opts;
	if (check_modes(o, err) < 0 || check_ranges(o, err) < 0)
		return err->code;
	if (o->timeout &&
	    units_parse_duration(o->timeout, "--timeout", &o->timeout_ms, err) < 0)
		return err->code;
	if (o->prefix && cluster_expand_prefix(o->prefix, (int64_t)time(NULL),
					       &o->state_name, err) < 0)
		return err->code;
	return job_opts_argv(&o->job, &o->argv, err);
}

static void run_release(void *opts)
{
	struct run_opts *o = opts;
	free(o->state_name);
	job_opts_argv_release(&o->argv);
}

static void print_result(const struct cluster_run_result *res, bool json)
{
	if (json) {
		cJSON *o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "job_id", res->job_id.hex);
		cJSON_AddStringToObject(o, "state", flink_job_state_name(res->state));
		cJSON_AddStringToObject(o, "state_dir", res->state_dir);
		if (res->restored_from)
			cJSON_AddStringToObject(o, "restored_from", res->restored_from);
		cJSON_AddNumberToObject(o, "seconds", res->seconds);
		cli_print_json(o);
	} else {
		fprintf(stderr, "job %s is %s (%.1fs); state in %s\n", res->job_id.hex,
			flink_job_state_name(res->state), res->seconds, res->state_dir);
		puts(res->job_id.hex);
	}
}

static int run_run(const struct cli_args *a, void *opts, struct ctx *ctx)
{
	const struct run_opts *o = opts;
	const char *name = a->name;
	struct error err;
	error_init(&err);
	struct cluster_run_result res = {0};
	struct cli_observer obs;
	/* progress notes on a terminal only: a script sees the result or one error line
	 */
	cli_observer_init(&obs, ctx->stderr_tty, a->json || !ctx->stderr_tty);
	if (o->tasks > 0 && cluster_scale(ctx->engine, name, (int)o->tasks, false,
					  &obs.obs, ctx->cancel, NULL, &err) < 0) {
		cli_observer_finish(&obs);
		return cli_fail(&err);
	}
	struct cluster_run_opts ro = {
		.jar = a->pos[0],
		.entry_class = o->job.entry_class,
		.args = o->argv.argv,
		.n_args = o->argv.argc,
		.parallelism = (int)o->parallelism,
		.checkpoint_period_s = (int)o->job.period,
		.state_name = o->state_name,
		.savepoint = o->savepoint,
		.from_latest_checkpoint = o->from_latest,
		.allow_non_restored_state = o->allow_non_restored,
		.wait = !o->detach,
		.timeout_ms = o->timeout_ms,
		.scale_policy = o->policy,
	};
	int rc = cluster_run(ctx->engine, name, &ro, ctx->cancel, &obs.obs, &res, &err);
	cli_observer_finish(&obs);
	if (rc == 0)
		print_result(&res, a->json);
	cluster_run_result_release(&res);
	return rc < 0 ? cli_fail(&err) : 0;
}

const struct cli_spec cmd_run_spec = {
	.name = "run",
	.usage = usage,
	.takes = CLI_TAKES_NAME | CLI_TAKES_OUTPUT,
	.opts = run_opts,
	.size = sizeof(struct run_opts),
	.defaults = &defaults,
	.pos = {1, 1, "run takes one JAR (see 'flink-cmd run --help')"},
	.check = run_check,
	.run = run_run,
	.release = run_release,
};
