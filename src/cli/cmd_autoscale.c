/* `flink-cmd autoscale`: the autoscaler loop in the foreground, one line
 * (or one JSON object) per decision, until interrupted. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "autoscale/autoscaler.h"
#include "cli/cli.h"
#include "cli/observer.h"
#include "cluster/spec.h"
#include "util/clock.h"
#include "util/units.h"

static const char usage[] =
	"usage: flink-cmd autoscale [--name NAME] [--job JOB] [--min A] [--max B]\n"
	"                           [--policy "
	"utilization|tuples-per-slot|TUPLES_PER_THREAD__N]\n"
	"                           [--target-utilization U] [--interval D] [--window "
	"D]\n"
	"                           [--stabilization D] [--cooldown D] [--dry-run]\n"
	"                           [-o text|json]\n"
	"\n"
	"Grows and shrinks the cluster's TaskManagers with the job's load, and prints\n"
	"every decision with its inputs and reason (one JSON object per line with\n"
	"-o json) until interrupted. The utilization policy follows the Flink\n"
	"Kubernetes operator's autoscaler: per vertex, true processing rate = records\n"
	"in per second / busy fraction; the parallelism that brings the busiest\n"
	"vertex to the target utilization (0.7; nothing is done within +-0.3, and a\n"
	"vertex busy over 0.9 counts as full) gives ceil(parallelism / slots)\n"
	"TaskManagers. tuples-per-slot keeps each slot under N records per second.\n"
	"Decisions use a window of samples taken after a stabilization period;\n"
	"scale-down waits for the cooldown and goes at most 60% of the way at once.\n"
	"\n"
	"How the job follows: on a cluster made with --scheduler adaptive it is\n"
	"rescaled in place (PUT /jobs/:id/resource-requirements) from its latest\n"
	"checkpoint, keeping its id; on a reactive application cluster (up --job JAR\n"
	"--reactive) the TaskManager count alone sets its parallelism; under the\n"
	"default scheduler it is stopped with a savepoint and run again at the new\n"
	"parallelism (state kept, new job id; only jobs started by 'flink-cmd run').\n"
	"A step that fails is undone; a failed job is not scaled; the loop waits out\n"
	"an Engine or Flink that does not answer. --dry-run decides and changes\n"
	"nothing.\n"
	"\n";

static int parse_ms(const char *text, const char *what, int64_t *out, struct error *err)
{
	return text ? units_parse_duration(text, what, out, err) : 0;
}

static int parse_number(const char *text, const char *what, const char *example,
			double *out, struct error *err)
{
	if (!text)
		return 0;
	char *end = NULL;
	double u = strtod(text, &end);
	if (!end || *end != '\0' || end == text || !isfinite(u))
		return error_set(err, ERR_USAGE, "%s '%s' is not a number: give %s", what,
				 text, example);
	*out = u;
	return 0;
}

/* Holds, waits and unreachable steps are printed only when they say
 * something new, so a quiet minute is one line, not thirty. */
static bool worth_printing(const struct autoscale_event *ev, char *last, size_t n,
			   bool json)
{
	if (json || ev->kind == AUTOSCALE_EV_APPLIED || ev->kind == AUTOSCALE_EV_FAILED ||
	    (ev->kind == AUTOSCALE_EV_DECISION && ev->d.action != POLICY_HOLD))
		return true;
	/* the reason without its figures: the first word after the vertex name */
	char key[POLICY_REASON_MAX + 32];
	snprintf(key, sizeof(key), "%d %d %.24s", ev->kind, ev->d.tms,
		 ev->kind == AUTOSCALE_EV_DECISION ? ev->d.reason : ev->message);
	if (strcmp(key, last) == 0)
		return false;
	snprintf(last, n, "%s", key);
	return true;
}

struct autoscale_args {
	const char *job, *policy, *util, *interval, *window; /* borrowed */
	const char *stabilization, *cooldown, *tps;          /* borrowed */
	long min, max;
	bool dry_run;
	struct autoscale_opts o; /* made by autoscale_check */
};

#define AS(field) offsetof(struct autoscale_args, field)

static const struct opt autoscale_options[] = {
	{"job", 'j', OPT_STRING, AS(job), "JOB",
	 .help = "job id, id prefix or name (default: the one running)"},
	{"min", 0, OPT_INT, AS(min), "A", .help = "fewest TaskManagers (default 1)"},
	{"max", 0, OPT_INT, AS(max), "B", .help = "most TaskManagers (default 4)"},
	{"policy", 0, OPT_STRING, AS(policy), "P",
	 .help = "utilization (default), tuples-per-slot or TUPLES_PER_THREAD__N"},
	{"target-utilization", 'u', OPT_STRING, AS(util), "U",
	 .help = "busy fraction aimed at (default 0.7)"},
	{"tuples-per-slot", 0, OPT_STRING, AS(tps), "N",
	 .help = "records per second per slot for tuples-per-slot (default 1000)"},
	{"interval", 'i', OPT_STRING, AS(interval), "D",
	 .help = "between samples (default 5s)"},
	{"window", 0, OPT_STRING, AS(window), "D",
	 .help = "metrics window (default 60s)"},
	{"stabilization", 0, OPT_STRING, AS(stabilization), "D",
	 .help = "ignore metrics this long after a change (default 30s)"},
	{"cooldown", 0, OPT_STRING, AS(cooldown), "D",
	 .help = "no scale-down sooner after a change (default 2m)"},
	{"dry-run", 'n', OPT_FLAG, AS(dry_run), NULL,
	 .help = "decide and print, change nothing"},
	{0},
};

static const struct autoscale_args defaults = {.min = 1, .max = 4};

static int autoscale_check(const struct cli_args *a, void *opts, struct error *err)
{
	struct autoscale_args *x = opts;
	struct autoscale_opts *o = &x->o;
	*o = (struct autoscale_opts){
		.cluster = a->name, .job = x->job, .dry_run = x->dry_run};
	policy_config_defaults(&o->cfg);
	o->interval_ms = 5000;
	o->cfg.min_tms = x->min < 0 ? 0 : x->min > 1000 ? 1000 : (int)x->min;
	o->cfg.max_tms = x->max < 0 ? 0 : x->max > 1000 ? 1000 : (int)x->max;
	if ((x->policy && policy_parse(x->policy, &o->cfg, err) < 0) ||
	    parse_number(x->util, "--target-utilization", "a busy fraction such as 0.7",
			 &o->cfg.target_utilization, err) < 0 ||
	    parse_number(x->tps, "--tuples-per-slot", "records per second such as 500",
			 &o->cfg.tuples_per_slot, err) < 0 ||
	    parse_ms(x->interval, "--interval", &o->interval_ms, err) < 0 ||
	    parse_ms(x->window, "--window", &o->cfg.window_ms, err) < 0 ||
	    parse_ms(x->stabilization, "--stabilization", &o->cfg.stabilization_ms, err) <
		    0 ||
	    parse_ms(x->cooldown, "--cooldown", &o->cfg.cooldown_ms, err) < 0 ||
	    policy_config_check(&o->cfg, err) < 0)
		return err->code;
	if (o->cfg.max_tms > CLUSTER_MAX_TASKMANAGERS)
		return error_set(err, ERR_USAGE,
				 "--max %ld is out of range: a cluster has at most %d "
				 "TaskManagers",
				 x->max, CLUSTER_MAX_TASKMANAGERS);
	return 0;
}

static void print_event(const struct autoscale_event *ev, bool json)
{
	if (json) {
		char *text = autoscale_event_json(ev);
		puts(text);
		free(text);
	} else {
		char line[2 * ERROR_MSG_MAX];
		autoscale_event_text(ev, line, sizeof(line));
		time_t t = (time_t)(ev->t_ms / 1000);
		struct tm tm;
		char stamp[16];
		strftime(stamp, sizeof(stamp), "%H:%M:%S", localtime_r(&t, &tm));
		printf("%s %s\n", stamp, line);
	}
	fflush(stdout);
}

/* Steps until Ctrl-C or an error; returns the last step's result. */
static int loop(struct autoscaler *a, const struct autoscale_opts *o, bool json,
		struct ctx *ctx, struct error *err)
{
	struct cli_observer obs;
	cli_observer_init(&obs, ctx->stderr_tty, json);
	char last[POLICY_REASON_MAX + 32] = "";
	int rc = 0;
	while (!cancel_requested(ctx->cancel)) {
		double t0 = clock_now_ms();
		struct autoscale_event ev;
		rc = autoscaler_step(a, &obs.obs, &ev, err);
		cli_observer_finish(&obs);
		if (rc < 0)
			break;
		if (worth_printing(&ev, last, sizeof(last), json))
			print_event(&ev, json);
		/* sleep in slices so Ctrl-C ends the loop at once */
		while (!cancel_requested(ctx->cancel) &&
		       clock_now_ms() - t0 < (double)o->interval_ms)
			clock_sleep_ms(100);
	}
	return rc;
}

static int autoscale_run(const struct cli_args *args, void *opts, struct ctx *ctx)
{
	const struct autoscale_opts *o = &((struct autoscale_args *)opts)->o;
	struct error err;
	error_init(&err);
	struct autoscaler *a = NULL;
	if (autoscaler_new(ctx->engine, o, ctx->cancel, &a, &err) < 0)
		return cli_fail(&err);
	if (!args->json) {
		printf("autoscaling on cluster '%s' (%s, %d to %d TaskManagers): %s\n",
		       args->name, policy_name(o->cfg.policy), o->cfg.min_tms,
		       o->cfg.max_tms, autoscale_mode_explain(autoscaler_mode(a)));
		fflush(stdout);
	}
	int rc = loop(a, o, args->json, ctx, &err);
	autoscaler_free(a);
	if (rc < 0 && rc != ERR_INTERRUPTED)
		return cli_fail(&err);
	/* Ctrl-C is how the loop is meant to end */
	return 0;
}

const struct cli_spec cmd_autoscale_spec = {
	.name = "autoscale",
	.usage = usage,
	.takes = CLI_TAKES_NAME | CLI_TAKES_OUTPUT,
	.opts = autoscale_options,
	.size = sizeof(struct autoscale_args),
	.defaults = &defaults,
	.pos = {0, 0,
		"autoscale takes no arguments, got '%s' (name the cluster with --name "
		"and the job with --job)"},
	.check = autoscale_check,
	.run = autoscale_run,
};
