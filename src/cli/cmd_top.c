/* `flink-cmd top`: the live dashboard (tui/), or its scripted mode for tests:
 * keys from a file, the screen printed as text after N refreshes. */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/opts.h"
#include "cluster/defaults.h"
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

int cmd_top(int argc, char **argv, struct ctx *ctx)
{
	const char *name = FLINKCMD_DEFAULT_CLUSTER, *interval = NULL, *script = NULL;
	const char *size = NULL;
	long dump_after = 1;
	const char *policy = NULL;
	long min = 1, max = 4;
	bool help = false, timing = false, autoscale = false;
	const struct opt opts[] = {
		{"name", 0, OPT_STRING, &name, "NAME", "cluster name (default: flink)"},
		{"interval", 0, OPT_STRING, &interval, "D",
		 "refresh period (default 2s)"},
		{"script", 0, OPT_STRING, &script, "KEYS",
		 "scripted mode: keys from a file"},
		{"dump-after", 0, OPT_INT, &dump_after, "N",
		 "scripted mode: refreshes before the dump"},
		{"size", 0, OPT_STRING, &size, "CxR",
		 "scripted mode: screen size (default 80x24)"},
		{"timing", 0, OPT_FLAG, &timing, NULL,
		 "scripted mode: key-to-frame times on stderr"},
		{"autoscale", 0, OPT_FLAG, &autoscale, NULL,
		 "start with the autoscaler on (the a key switches it)"},
		{"min", 0, OPT_INT, &min, "A",
		 "autoscaler: fewest TaskManagers (default 1)"},
		{"max", 0, OPT_INT, &max, "B",
		 "autoscaler: most TaskManagers (default 4)"},
		{"policy", 0, OPT_STRING, &policy, "P",
		 "autoscaler: utilization or tuples-per-slot"},
		{"help", 'h', OPT_FLAG, &help, NULL, "show this help"},
		{0},
	};
	struct error err;
	error_init(&err);
	const char *pos[OPTS_MAX_POS];
	int npos;
	if (opts_parse("top", opts, argc, argv, pos, &npos, &err) < 0)
		return cli_fail(&err);
	if (help) {
		fputs(usage, stdout);
		opts_usage(stdout, opts);
		return 0;
	}
	struct top_opts o = {.cluster = name,
			     .interval_ms = 2000,
			     .script = script,
			     .dump_after = (int)dump_after,
			     .rows = 24,
			     .cols = 80,
			     .timing = timing,
			     .autoscale_on = autoscale};
	policy_config_defaults(&o.autoscale.cfg);
	o.autoscale.interval_ms = 5000;
	o.autoscale.cfg.min_tms = min < 0 || min > 1000 ? 0 : (int)min;
	o.autoscale.cfg.max_tms = max < 0 || max > 1000 ? 0 : (int)max;
	if ((policy && policy_parse(policy, &o.autoscale.cfg, &err) < 0) ||
	    policy_config_check(&o.autoscale.cfg, &err) < 0)
		return cli_fail(&err);
	int64_t ms;
	if (npos > 0)
		error_set(&err, ERR_USAGE, "top takes no arguments, not '%s'", pos[0]);
	else if (interval &&
		 units_parse_duration(interval, "--interval", &ms, &err) == 0) {
		if (ms < 200 || ms > 3600000)
			error_set(&err, ERR_USAGE,
				  "--interval must be between 200ms and 1h");
		o.interval_ms = (int)ms;
	}
	if (!err.code && size &&
	    (sscanf(size, "%dx%d", &o.cols, &o.rows) != 2 || o.cols < 20 || o.rows < 5 ||
	     o.cols > 1000 || o.rows > 1000))
		error_set(&err, ERR_USAGE, "--size '%s' is not COLSxROWS (e.g. 80x24)",
			  size);
	if (!err.code && (dump_after < 0 || dump_after > 1000))
		error_set(&err, ERR_USAGE, "--dump-after must be 0 to 1000");
	if (!err.code && !script && (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)))
		error_set(&err, ERR_USAGE,
			  "top needs a terminal (use 'flink-cmd status' or 'top --script "
			  "KEYS')");
	if (err.code)
		return cli_fail(&err);
	if (cli_connect_engine(ctx, &err) < 0)
		return cli_fail(&err);
	if (top_run(ctx->engine, &o, ctx->cancel, &err) < 0)
		return cli_fail(&err);
	return 0;
}
