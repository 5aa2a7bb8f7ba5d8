/* `flink-cmd top`: the live dashboard (tui/), or its scripted mode for tests:
 * keys from a file, the screen printed as text after N refreshes. */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cluster/spec.h"
#include "tui/top.h"
#include "util/units.h"

static const char usage[] =
	"usage: flink-cmd top [--name NAME] [--interval D]\n"
	"       flink-cmd top --script KEYS [--dump-after N] [--size COLSxROWS] "
	"[--timing]\n"
	"\n"
	"A live dashboard of the cluster: containers with slots, CPU and memory, jobs\n"
	"with their rates, the selected job's checkpoints, and events. Keys: j/k or\n"
	"arrows select, tab switches panel, +/- scale, s savepoint, c cancel, l logs,\n"
	"a autoscaler on/off (as 'flink-cmd autoscale' with --min, --max, --policy),\n"
	"p pause, r refresh, ? help, q quit. Data is gathered off the screen's thread;\n"
	"when the Engine or Flink is slow or gone the screen says how old its data is.\n"
	"\n"
	"--script plays the keys in KEYS (one per character; '-' is stdin) after the\n"
	"first refresh, waits N more refreshes (default 1) and prints the screen as "
	"text.\n"
	"\n";

struct top_args {
	const char *interval, *script, *size, *policy; /* borrowed */
	long dump_after, min, max;
	bool timing, autoscale;
	struct top_opts top; /* made by top_check */
};

#define TOP(field) offsetof(struct top_args, field)

static const struct opt top_options[] = {
	{"interval", 0, OPT_STRING, TOP(interval), "D",
	 .help = "refresh period (default 2s)"},
	{"script", 0, OPT_STRING, TOP(script), "KEYS",
	 .help = "scripted mode: keys from a file"},
	{"dump-after", 0, OPT_INT, TOP(dump_after), "N",
	 .help = "scripted mode: refreshes before the dump"},
	{"size", 0, OPT_STRING, TOP(size), "CxR",
	 .help = "scripted mode: screen size (default 80x24)"},
	{"timing", 0, OPT_FLAG, TOP(timing), NULL,
	 .help = "scripted mode: key-to-frame times on stderr"},
	{"autoscale", 0, OPT_FLAG, TOP(autoscale), NULL,
	 .help = "start with the autoscaler on (the a key switches it)"},
	{"min", 0, OPT_INT, TOP(min), "A",
	 .help = "autoscaler: fewest TaskManagers (default 1)"},
	{"max", 0, OPT_INT, TOP(max), "B",
	 .help = "autoscaler: most TaskManagers (default 4)"},
	{"policy", 0, OPT_STRING, TOP(policy), "P",
	 .help = "autoscaler: utilization or tuples-per-slot"},
	{0},
};

static const struct top_args defaults = {.dump_after = 1, .min = 1, .max = 4};

/* the autoscaler that the a key switches on */
static int check_autoscale(struct top_args *t, struct error *err)
{
	struct autoscale_opts *as = &t->top.autoscale;
	policy_config_defaults(&as->cfg);
	as->interval_ms = 5000;
	as->cfg.min_tms = t->min < 0 || t->min > 1000 ? 0 : (int)t->min;
	as->cfg.max_tms = t->max < 0 || t->max > 1000 ? 0 : (int)t->max;
	if (t->policy && policy_parse(t->policy, &as->cfg, err) < 0)
		return err->code;
	return policy_config_check(&as->cfg, err);
}

static int check_screen(struct top_args *t, struct error *err)
{
	struct top_opts *o = &t->top;
	if (t->interval) {
		int64_t ms;
		if (units_parse_duration(t->interval, "--interval", &ms, err) < 0)
			return err->code;
		if (ms < 200 || ms > 3600000)
			return error_set(err, ERR_USAGE,
					 "--interval must be between 200ms and 1h");
		o->interval_ms = (int)ms;
	}
	if (t->size && (sscanf(t->size, "%dx%d", &o->cols, &o->rows) != 2 ||
			o->cols < 20 || o->rows < 5 || o->cols > 1000 || o->rows > 1000))
		return error_set(err, ERR_USAGE,
				 "--size '%s' is not COLSxROWS (e.g. 80x24)", t->size);
	if (t->dump_after < 0 || t->dump_after > 1000)
		return error_set(err, ERR_USAGE, "--dump-after must be 0 to 1000");
	if (!t->script && (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)))
		return error_set(err, ERR_USAGE,
				 "top needs a terminal (use 'flink-cmd status' or 'top "
				 "--script KEYS')");
	return 0;
}

static int top_check(const struct cli_args *a, void *opts, struct error *err)
{
	struct top_args *t = opts;
	t->top = (struct top_opts){.cluster = a->name,
				   .interval_ms = 2000,
				   .script = t->script,
				   .dump_after = (int)t->dump_after,
				   .rows = 24,
				   .cols = 80,
				   .timing = t->timing,
				   .autoscale_on = t->autoscale};
	if (check_autoscale(t, err) < 0 || check_screen(t, err) < 0)
		return err->code;
	return 0;
}

static int top_run_cmd(const struct cli_args *a, void *opts, struct ctx *ctx)
{
	(void)a;
	const struct top_args *t = opts;
	struct error err;
	error_init(&err);
	if (top_run(ctx->engine, &t->top, ctx->cancel, &err) < 0)
		return cli_fail(&err);
	return 0;
}

const struct cli_spec cmd_top_spec = {
	.name = "top",
	.usage = usage,
	.takes = CLI_TAKES_NAME,
	.opts = top_options,
	.size = sizeof(struct top_args),
	.defaults = &defaults,
	.pos = {0, 0, "top takes no arguments, not '%s'"},
	.check = top_check,
	.run = top_run_cmd,
};
